import type { Database } from 'better-sqlite3'

/** Every statement the embedded store runs more than once, prepared once. */
export function prepareStatements(db: Database) {
  return {
    readMeta: db.prepare('SELECT value FROM meta WHERE key = ?'),
    writeMeta: db.prepare(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    ),
    contactIdsAfter: db.prepare('SELECT id FROM contacts WHERE id > ? ORDER BY id LIMIT ?'),
    companyIdsAfter: db.prepare('SELECT id FROM companies WHERE id > ? ORDER BY id LIMIT ?'),
    contactsAfterRowid: db.prepare('SELECT rowid, * FROM contacts WHERE rowid > ? ORDER BY rowid LIMIT ?'),
    countContacts: db.prepare('SELECT count(*) AS n FROM contacts'),
    countCompanies: db.prepare('SELECT count(*) AS n FROM companies'),
    readIdentity: db.prepare('SELECT contact_id FROM identities WHERE kind = ? AND value = ?'),
    upsertIdentity: db.prepare(
      'INSERT INTO identities (kind, value, contact_id) VALUES (?, ?, ?) ON CONFLICT (kind, value) DO UPDATE SET contact_id = excluded.contact_id',
    ),
    upsertContact: db.prepare(`
      INSERT INTO contacts (id, user_id, email, email_key, company_id, state, vals, scores, next_change_at, updated_at)
      VALUES (@id, @user_id, @email, @email_key, @company_id, @state, @vals, @scores, @next_change_at, @updated_at)
      ON CONFLICT (id) DO UPDATE SET user_id = excluded.user_id, email = excluded.email, email_key = excluded.email_key,
        company_id = excluded.company_id, state = excluded.state, vals = excluded.vals, scores = excluded.scores,
        next_change_at = excluded.next_change_at, updated_at = excluded.updated_at`),
    updateContact: db.prepare(`
      UPDATE contacts SET state = @state, vals = @vals, scores = @scores, next_change_at = @next_change_at,
        updated_at = @updated_at WHERE id = @id`),
    updateContactScoresOnly: db.prepare(
      'UPDATE contacts SET vals = @vals, scores = @scores, updated_at = @updated_at WHERE id = @id',
    ),
    updateContactScores: db.prepare(`
      UPDATE contacts SET vals = @vals, scores = @scores, next_change_at = @next_change_at, updated_at = @updated_at
      WHERE id = @id`),
    deleteContact: db.prepare('DELETE FROM contacts WHERE id = ?'),
    upsertCompany: db.prepare(`
      INSERT INTO companies (id, name, state, vals, scores, next_change_at, updated_at)
      VALUES (@id, @name, @state, @vals, @scores, @next_change_at, @updated_at)
      ON CONFLICT (id) DO UPDATE SET name = excluded.name, state = excluded.state, vals = excluded.vals,
        scores = excluded.scores, next_change_at = excluded.next_change_at, updated_at = excluded.updated_at`),
    contactsOfCompany: db.prepare('SELECT id FROM contacts WHERE company_id = ?'),
    dueEntities: db.prepare(`
      SELECT kind, id FROM (
        SELECT 'contact' AS kind, id, next_change_at FROM contacts WHERE next_change_at <= ?
        UNION ALL
        SELECT 'company' AS kind, id, next_change_at FROM companies WHERE next_change_at <= ?
      ) ORDER BY next_change_at LIMIT ?`),
    nextDue: db.prepare(`
      SELECT min(at) AS at FROM (
        SELECT min(next_change_at) AS at FROM contacts
        UNION ALL
        SELECT min(next_change_at) AS at FROM companies
      )`),
    contactByEmail: db.prepare('SELECT * FROM contacts WHERE email_key = ? ORDER BY updated_at DESC LIMIT 1'),
    contactByUser: db.prepare('SELECT * FROM contacts WHERE user_id = ? LIMIT 1'),
    companyById: db.prepare('SELECT * FROM companies WHERE id = ?'),
    insertHistory: db.prepare(`
      INSERT INTO score_history (entity_kind, entity_id, score, at, from_value, to_value, label, cause, reasons, step)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    history: db.prepare(`
      SELECT score, at, from_value, to_value, label, cause, reasons, step FROM score_history
      WHERE entity_kind = ? AND entity_id = ? ORDER BY id`),
    pruneHistory: db.prepare('DELETE FROM score_history WHERE at < ?'),
    mergeOutbox: db.prepare(`
      INSERT INTO crm_outbox (object_type, entity_id, id_value, properties, company_id, version, first_changed_at)
      VALUES (?, ?, ?, ?, ?, 1, ?)
      ON CONFLICT (object_type, entity_id) DO UPDATE SET id_value = excluded.id_value,
        properties = json_patch(crm_outbox.properties, excluded.properties),
        company_id = coalesce(excluded.company_id, crm_outbox.company_id),
        version = crm_outbox.version + 1`),
    readOutbox: db.prepare('SELECT * FROM crm_outbox WHERE object_type = ? ORDER BY first_changed_at LIMIT ?'),
    outboxSize: db.prepare(`
      SELECT sum(object_type = 'contacts') AS contacts, sum(object_type = 'companies') AS companies,
        min(first_changed_at) AS oldest FROM crm_outbox`),
    confirmOutbox: db.prepare('DELETE FROM crm_outbox WHERE object_type = ? AND entity_id = ? AND version = ?'),
    failOutbox: db.prepare('UPDATE crm_outbox SET attempts = attempts + 1 WHERE object_type = ? AND entity_id = ?'),
    insertDeadLetter: db.prepare(`
      INSERT INTO crm_dead_letters (object_type, entity_id, id_value, properties, reason, at) VALUES (?, ?, ?, ?, ?, ?)`),
    deadLetters: db.prepare('SELECT * FROM crm_dead_letters ORDER BY id DESC LIMIT ?'),
    /** A change beneath the pending one: its values only where the pending change has none. */
    mergeOutboxUnder: db.prepare(`
      INSERT INTO crm_outbox (object_type, entity_id, id_value, properties, company_id, version, first_changed_at)
      VALUES (?, ?, ?, ?, ?, 1, ?)
      ON CONFLICT (object_type, entity_id) DO UPDATE SET
        properties = json_patch(excluded.properties, crm_outbox.properties),
        company_id = coalesce(crm_outbox.company_id, excluded.company_id),
        version = crm_outbox.version + 1`),
    deadLetterCount: db.prepare('SELECT count(*) AS n FROM crm_dead_letters'),
    allDeadLetters: db.prepare('SELECT * FROM crm_dead_letters ORDER BY id'),
    deleteDeadLetter: db.prepare('DELETE FROM crm_dead_letters WHERE id = ?'),
    someCrmIds: db.prepare('SELECT entity_id, crm_id FROM crm_ids WHERE object_type = ? ORDER BY entity_id LIMIT ?'),
    forgetCrmId: db.prepare('DELETE FROM crm_ids WHERE object_type = ? AND entity_id = ?'),
    forgetCrmIds: db.prepare('DELETE FROM crm_ids WHERE object_type = ?'),
    upsertCrmId: db.prepare(
      'INSERT INTO crm_ids (object_type, entity_id, crm_id) VALUES (?, ?, ?) ON CONFLICT (object_type, entity_id) DO UPDATE SET crm_id = excluded.crm_id',
    ),
  }
}
