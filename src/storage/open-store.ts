import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { Config } from '../config.ts'
import { UpscoreError } from '../errors.ts'
import { openSqliteStore } from './sqlite/sqlite-store.ts'
import type { Store, StoreConnection } from './store.ts'

/**
 * The store the configuration names: the embedded SQLite file in the data folder (PostgreSQL is not available
 * yet). Commands that only read existing data pass `mustExist`: opening would otherwise create an empty store, and
 * a mistyped `--data-dir` would answer "nothing here" instead of saying so.
 */
export function openStore(config: Config, options: { mustExist?: boolean } = {}): Store {
  if (config.databaseUrl !== undefined) {
    throw new UpscoreError('invalid_config', 'PostgreSQL storage (DATABASE_URL) is not available in this version yet')
  }
  const path = join(config.dataDir, 'upscore.db')
  if (options.mustExist === true && !existsSync(path)) {
    throw new UpscoreError('not_found', `no upscore data in ${config.dataDir}: give --data-dir or UPSCORE_DATA_DIR`)
  }
  return openSqliteStore({ path, durableFsync: config.durableFsync })
}

/** Another connection to a store's data, from `store.connection()`: for a worker thread. */
export function openStoreConnection(connection: StoreConnection): Store {
  return openSqliteStore({ path: connection.path, durableFsync: false })
}
