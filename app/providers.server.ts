/**
 * The provider registry for this deployment. The integrator registers every capability's providers
 * here (local ones first, external services as fallbacks). Until then it registers nothing, and a job
 * whose capability has no provider fails with "no provider registered for …".
 */
import { ProviderRegistry, type RegistryOptions } from "./pipeline/registry";

export interface CreateRegistryOptions {
  /** resilience settings (timeouts, retries, breaker) */
  policy?: RegistryOptions;
  env?: NodeJS.ProcessEnv;
}

export function createRegistry(opts: CreateRegistryOptions = {}): ProviderRegistry {
  return new ProviderRegistry(opts.policy);
}
