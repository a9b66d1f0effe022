/**
 * The one structure behind every kind of record the store keeps by scope (a service, or the
 * account): a map by SID, a per-scope map, a cached creation order per scope and optional
 * natural-key indexes (a channel's unique name, a user's identity, an address). Writes are the
 * store's: it alone holds a `Collection`; handlers see the read-only `Records` view, or the
 * `EditableRecords` view for kinds whose create and delete touch nothing else.
 */

/** Sorts records by creation time, then sid: the emulator's stable list order. */
export function byCreation<T extends { dateCreated: number; sid: string }>(records: T[]): T[] {
  return records.sort((a, b) =>
    a.dateCreated === b.dateCreated
      ? a.sid < b.sid
        ? -1
        : a.sid > b.sid
          ? 1
          : 0
      : a.dateCreated - b.dateCreated,
  );
}

function inCreationOrder(records: readonly { dateCreated: number; sid: string }[]): boolean {
  for (let i = 1; i < records.length; i += 1) {
    const a = records[i - 1];
    const b = records[i];
    if (a === undefined || b === undefined) return false;
    if (a.dateCreated > b.dateCreated || (a.dateCreated === b.dateCreated && a.sid > b.sid)) {
      return false;
    }
  }
  return true;
}

/**
 * A scope's records in list order (creation time, then sid), kept between requests: list
 * handlers used to rebuild and sort the whole collection on every page request. It is
 * invalidated when the scope gains or loses a record; a handler that rewrites a `dateCreated`
 * (allowed by several update operations) is caught by an allocation-free order check on read,
 * which re-sorts the same array.
 */
class CreationOrder<T extends { dateCreated: number; sid: string }> {
  private cache: T[] | null = null;

  constructor(private readonly build: () => T[]) {}

  invalidate(): void {
    this.cache = null;
  }

  get(): readonly T[] {
    if (this.cache === null) this.cache = byCreation(this.build());
    else if (!inCreationOrder(this.cache)) byCreation(this.cache);
    return this.cache;
  }
}

/** What handlers may do with a collection: look records up. Writes go through the `Store`. */
export interface Records<T> {
  /** The record with this SID, in whatever scope. */
  get(sid: string): T | undefined;
  /** A record of `scope` by SID or by one of its natural keys. */
  find(scope: string, key: string): T | undefined;
  /** The scope's records in list order; read-only, shared between calls. */
  of(scope: string): readonly T[];
}

/** For kinds where adding or removing a record is all a write does (no cascade, no defaults). */
export interface EditableRecords<T extends { readonly sid: string }> extends Records<T> {
  create(fields: Omit<T, 'sid'>): T;
  delete(record: T): void;
}

/** A part of the store that keeps something per service (opened and dropped with it). */
export interface Scoped {
  openScope(scope: string): void;
  dropScope(scope: string): void;
}

/** A natural key of a record (unique within its scope), or null when the record has none. */
export type NaturalKey<T> = (record: T) => string | null;

interface ScopeRows<T extends { dateCreated: number; sid: string }> {
  readonly records: Map<string, T>;
  readonly order: CreationOrder<T>;
  /** One map per natural key: key → sid. */
  readonly byKey: readonly Map<string, string>[];
}

export interface CollectionSpec<T> {
  /** A new SID of this kind (`CH…`, `US…`), taken when a record is created. */
  readonly newSid: () => string;
  /** The scope a record belongs to: its service, or the account. */
  readonly scopeOf: (record: T) => string;
  readonly naturalKeys?: readonly NaturalKey<T>[];
}

export class Collection<T extends { readonly sid: string; dateCreated: number }>
  implements EditableRecords<T>, Scoped
{
  private readonly bySid = new Map<string, T>();
  private readonly scopes = new Map<string, ScopeRows<T>>();
  private readonly scopeOf: (record: T) => string;
  private readonly naturalKeys: readonly NaturalKey<T>[];

  constructor(private readonly spec: CollectionSpec<T>) {
    this.scopeOf = spec.scopeOf;
    this.naturalKeys = spec.naturalKeys ?? [];
  }

  openScope(scope: string): void {
    const records = new Map<string, T>();
    this.scopes.set(scope, {
      records,
      order: new CreationOrder(() => [...records.values()]),
      byKey: this.naturalKeys.map(() => new Map<string, string>()),
    });
  }

  /** Forgets the scope and every record in it. */
  dropScope(scope: string): void {
    const rows = this.scopes.get(scope);
    if (!rows) return;
    for (const sid of rows.records.keys()) this.bySid.delete(sid);
    this.scopes.delete(scope);
  }

  get(sid: string): T | undefined {
    return this.bySid.get(sid);
  }

  find(scope: string, key: string): T | undefined {
    const rows = this.scopes.get(scope);
    if (!rows) return undefined;
    const bySid = rows.records.get(key);
    if (bySid) return bySid;
    for (const index of rows.byKey) {
      const sid = index.get(key);
      if (sid !== undefined) return rows.records.get(sid);
    }
    return undefined;
  }

  of(scope: string): readonly T[] {
    return this.scopes.get(scope)?.order.get() ?? [];
  }

  /** Gives the fields a new SID of this kind and adds the record. */
  create(fields: Omit<T, 'sid'>): T {
    const record = { sid: this.spec.newSid(), ...fields } as T;
    this.add(record);
    return record;
  }

  private add(record: T): void {
    const rows = this.rowsOf(record);
    this.bySid.set(record.sid, record);
    rows.records.set(record.sid, record);
    rows.order.invalidate();
    this.index(rows, record);
  }

  delete(record: T): void {
    const rows = this.scopes.get(this.scopeOf(record));
    if (rows) {
      rows.records.delete(record.sid);
      rows.order.invalidate();
      this.unindex(rows, record);
    }
    this.bySid.delete(record.sid);
  }

  /** Runs `change` (which may rewrite natural keys) and re-indexes the record after it. */
  rekey(record: T, change: () => void): void {
    const rows = this.rowsOf(record);
    this.unindex(rows, record);
    change();
    this.index(rows, record);
  }

  private rowsOf(record: T): ScopeRows<T> {
    const scope = this.scopeOf(record);
    const rows = this.scopes.get(scope);
    if (!rows) throw new Error(`no scope ${scope} for ${record.sid}`);
    return rows;
  }

  private index(rows: ScopeRows<T>, record: T): void {
    this.naturalKeys.forEach((keyOf, i) => {
      const key = keyOf(record);
      if (key !== null) rows.byKey[i]?.set(key, record.sid);
    });
  }

  private unindex(rows: ScopeRows<T>, record: T): void {
    this.naturalKeys.forEach((keyOf, i) => {
      const key = keyOf(record);
      if (key !== null && rows.byKey[i]?.get(key) === record.sid) rows.byKey[i]?.delete(key);
    });
  }
}

/**
 * The user-channel / user-conversation rows of each service: identity → (channel sid → member
 * sid). Members live on their channel; this index answers "where is this identity a member".
 */
export class MembershipIndex implements Scoped {
  private readonly scopes = new Map<string, Map<string, Map<string, string>>>();

  openScope(scope: string): void {
    this.scopes.set(scope, new Map());
  }

  dropScope(scope: string): void {
    this.scopes.delete(scope);
  }

  add(scope: string, identity: string, channelSid: string, memberSid: string): void {
    const rows = this.scopes.get(scope);
    if (!rows) throw new Error(`no scope ${scope} for member ${memberSid}`);
    let row = rows.get(identity);
    if (!row) rows.set(identity, (row = new Map()));
    row.set(channelSid, memberSid);
  }

  remove(scope: string, identity: string, channelSid: string): void {
    const rows = this.scopes.get(scope);
    const row = rows?.get(identity);
    row?.delete(channelSid);
    if (row && row.size === 0) rows?.delete(identity);
  }

  of(scope: string, identity: string): ReadonlyMap<string, string> {
    return this.scopes.get(scope)?.get(identity) ?? new Map();
  }
}
