import type { Migration } from './types'

/**
 * Issue 18.5: decision records in the seller's language. `why_json` holds the reason as a code
 * plus parameters (the renderer words it in zh-CN or English); `sent_text` the text the seller
 * actually sent when they edited the AI's draft. Both stay NULL on older rows, which keep showing
 * their English `reason` (checks gain optional codes inside `checks_json`, no column needed).
 */
export const m0004DecisionCodes: Migration = {
  version: 4,
  name: 'decision-codes',
  up(db) {
    db.exec(`
      ALTER TABLE decision_log ADD COLUMN why_json TEXT;
      ALTER TABLE decision_log ADD COLUMN sent_text TEXT;
    `)
  }
}
