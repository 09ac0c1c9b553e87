/**
 * Requested query cost, the way Shopify describes it: scalars and enums 0, objects 1, connections
 * multiply their selection by `first`/`last`, a mutation's root field 10. Close enough to exercise
 * a client's budget logic; not Shopify's exact numbers.
 */
import {
  getNamedType,
  isCompositeType,
  isObjectType,
  Kind,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from "graphql";

function intArg(value: ValueNode | undefined, variables: Record<string, unknown>): number | undefined {
  if (!value) return undefined;
  if (value.kind === Kind.INT) return Number(value.value);
  if (value.kind === Kind.VARIABLE) {
    const v = variables[value.name.value];
    return typeof v === "number" ? v : undefined;
  }
  return undefined;
}

export function queryCost(
  schema: GraphQLSchema,
  op: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
): number {
  const root = op.operation === "mutation" ? schema.getMutationType() : schema.getQueryType();
  if (!root) return 0;

  function walk(set: SelectionSetNode, parent: GraphQLCompositeType, isRoot: boolean): number {
    let total = 0;
    for (const sel of set.selections) {
      if (sel.kind === Kind.FRAGMENT_SPREAD) {
        const frag = fragments[sel.name.value];
        const t = frag && schema.getType(frag.typeCondition.name.value);
        if (frag && t && isCompositeType(t)) total += walk(frag.selectionSet, t, isRoot);
        continue;
      }
      if (sel.kind === Kind.INLINE_FRAGMENT) {
        const t = sel.typeCondition ? schema.getType(sel.typeCondition.name.value) : parent;
        if (t && isCompositeType(t)) total += walk(sel.selectionSet, t, isRoot);
        continue;
      }
      if (sel.name.value.startsWith("__") || !("getFields" in parent)) continue;
      const field = parent.getFields()[sel.name.value];
      if (!field) continue;
      const type = getNamedType(field.type);
      if (!isCompositeType(type)) continue;
      const arg = (n: string) => intArg(sel.arguments?.find((a) => a.name.value === n)?.value, variables);
      const size = arg("first") ?? arg("last");
      const isConnection = isObjectType(type) && type.name.endsWith("Connection");
      const inner = sel.selectionSet ? walk(sel.selectionSet, type, false) : 0;
      const own = isRoot && op.operation === "mutation" ? 10 : 1;
      total += own + (isConnection ? (size ?? 1) * Math.max(1, inner) : inner);
    }
    return total;
  }
  return walk(op.selectionSet, root, true);
}
