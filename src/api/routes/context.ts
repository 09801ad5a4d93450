import type { ApiDeps, ApiSettings } from '../deps.js';
import type { AliasResolver } from '../config/alias-resolver.js';
import type { MappingStore } from '../config/mapping-store.js';

/** What every `/api/v3` route group receives as plugin options. */
export interface RouteContext {
  readonly deps: ApiDeps;
  readonly settings: ApiSettings;
  /** Cached `mapping_schema` (search allowlists, correlation rules); invalidate after writes. */
  readonly mappings: MappingStore;
  /** Cached alias table resolver; invalidate after writes. */
  readonly aliases: AliasResolver;
}
