import type { Account } from '@contract'

export type TabId = 'qr' | 'browser' | 'cookie'

export interface TabProps {
  readonly onDone: (a: Account) => void
  readonly onCancel: () => void
  /** Moves the dialog to another way in (QR → browser when Xianyu demands a face check). */
  readonly onSwitch: (tab: TabId) => void
}
