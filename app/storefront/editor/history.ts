/**
 * The editor's document with undo and redo: immutable snapshots (a design is a few KB of JSON), so undo is a
 * pointer move and every view redraws from one source of truth. A gesture or a burst of typing is one step:
 * `begin` records the state before it, `update` changes the present without recording, `commit` closes it.
 */
import type { DesignDocument } from "../../contracts/design-document";

export const DEFAULTS = {
  /** undo steps kept */
  depth: 100,
} as const;

export class History {
  private past: DesignDocument[] = [];
  private future: DesignDocument[] = [];
  private pending: DesignDocument | null = null;

  constructor(
    private present: DesignDocument,
    private readonly depth: number = DEFAULTS.depth,
  ) {}

  get doc(): DesignDocument {
    return this.present;
  }

  get canUndo(): boolean {
    return this.past.length > 0 || this.pending !== null;
  }

  get canRedo(): boolean {
    return this.future.length > 0;
  }

  /** one change, one undo step */
  apply(next: DesignDocument): void {
    this.commit();
    this.record(this.present);
    this.present = next;
  }

  /** start a coalesced change (a drag, a pinch, typing); idempotent while one is open */
  begin(): void {
    if (this.pending === null) this.pending = this.present;
  }

  /** change the present inside a begun change (no undo step per pointer move) */
  update(next: DesignDocument): void {
    this.begin();
    this.present = next;
  }

  /** close the coalesced change; nothing is recorded when the document did not change */
  commit(): void {
    if (this.pending === null) return;
    if (this.pending !== this.present && JSON.stringify(this.pending) !== JSON.stringify(this.present)) this.record(this.pending);
    this.pending = null;
  }

  undo(): boolean {
    this.commit();
    const prev = this.past.pop();
    if (!prev) return false;
    this.future.push(this.present);
    this.present = prev;
    return true;
  }

  redo(): boolean {
    this.commit();
    const next = this.future.pop();
    if (!next) return false;
    this.past.push(this.present);
    this.present = next;
    return true;
  }

  private record(doc: DesignDocument): void {
    this.past.push(doc);
    if (this.past.length > this.depth) this.past.shift();
    this.future = [];
  }
}
