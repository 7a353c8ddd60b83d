import { migrations as postgres } from './postgres/list';
import { migrations as sqlite } from './sqlite/list';

/** PostgreSQL migrations are authoritative; SQLite has its own set generated from the same entities. */
export const MIGRATIONS = { postgres, sqlite };
