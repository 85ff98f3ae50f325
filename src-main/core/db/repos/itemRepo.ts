import { z } from 'zod'
import type { Db } from '../open'
import { BoundedCache, registerCache } from '../cache'
import type { AccountRepo } from './accountRepo'

export const Sku = z.object({ id: z.string(), name: z.string(), price: z.number().nullable(), stock: z.number().int().nullable() })
export type Sku = z.infer<typeof Sku>

/** An item's cached detail; `price` and `floorPrice` in yuan. */
export interface ItemRow {
  readonly accountId: string
  readonly itemId: string
  readonly title: string
  readonly price: number | null
  /** The seller's explicit floor for this item (overrides the computed one). */
  readonly floorPrice: number | null
  readonly description: string
  readonly skus: Sku[]
  readonly images: string[]
  readonly stock: number | null
  readonly fetchedAt: number
}

interface Raw {
  account_id: string; item_id: string; title: string; price: number | null; floor_price: number | null; description: string
  skus_json: string; images_json: string; stock: number | null; fetched_at: number
}

const safeArray = <T>(schema: z.ZodType<T>, text: string): T[] => {
  try {
    const r = z.array(schema).safeParse(JSON.parse(text))
    return r.success ? r.data : []
  } catch {
    return []
  }
}

const map = (r: Raw): ItemRow => ({
  accountId: r.account_id, itemId: r.item_id, title: r.title, price: r.price, floorPrice: r.floor_price, description: r.description,
  skus: safeArray(Sku, r.skus_json), images: safeArray(z.string(), r.images_json), stock: r.stock, fetchedAt: r.fetched_at
})

const itemKey = (accountId: string, itemId: string): string => `${accountId}\u0000${itemId}`

export class ItemRepo {
  readonly #q
  /** Parsed rows (null: not fetched yet) — every answered message reads its chat's item. */
  readonly #rows: BoundedCache<string, ItemRow | null>
  constructor(db: Db, accounts: Pick<AccountRepo, 'onRemoved'>) {
    this.#rows = registerCache(db, new BoundedCache<string, ItemRow | null>(5_000))
    accounts.onRemoved((id) => this.#rows.deleteWhere((k) => k.startsWith(`${id}\u0000`)))
    this.#q = {
      get: db.prepare<[string, string], Raw>('SELECT * FROM items WHERE account_id = ? AND item_id = ?'),
      upsert: db.prepare(`INSERT INTO items (account_id, item_id, title, price, description, skus_json, images_json, stock, fetched_at)
        VALUES (@accountId, @itemId, @title, @price, @description, @skus, @images, @stock, @fetchedAt)
        ON CONFLICT (account_id, item_id) DO UPDATE SET title = excluded.title, price = excluded.price, description = excluded.description,
          skus_json = excluded.skus_json, images_json = excluded.images_json, stock = excluded.stock, fetched_at = excluded.fetched_at`),
      floor: db.prepare('UPDATE items SET floor_price = ? WHERE account_id = ? AND item_id = ?'),
      priced: db.prepare<[string | null, string | null], Raw>('SELECT * FROM items WHERE price > 0 AND (? IS NULL OR account_id = ?) ORDER BY account_id, item_id')
    }
  }

  get(accountId: string, itemId: string): ItemRow | null {
    const key = itemKey(accountId, itemId)
    const hit = this.#rows.get(key)
    if (hit !== undefined) return hit
    const r = this.#q.get.get(accountId, itemId)
    const row = r ? map(r) : null
    this.#rows.set(key, row)
    return row
  }

  /** Stores fetched detail; the seller's own floor price is kept. */
  upsert(item: Omit<ItemRow, 'floorPrice'>): void {
    this.#rows.delete(itemKey(item.accountId, item.itemId))
    this.#q.upsert.run({ ...item, skus: JSON.stringify(item.skus), images: JSON.stringify(item.images) })
  }

  /** Every cached item with a known price (of one account, or of all): the floors a keyword rule is checked against. */
  priced(accountId: string | null): ItemRow[] {
    return this.#q.priced.all(accountId, accountId).map(map)
  }

  setFloor(accountId: string, itemId: string, floor: number | null): boolean {
    this.#rows.delete(itemKey(accountId, itemId))
    return this.#q.floor.run(floor, accountId, itemId).changes === 1
  }
}
