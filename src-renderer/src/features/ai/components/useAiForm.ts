import { useMemo } from 'react'
import type { AccountSettings } from '@contract'
import { useTranslation } from 'react-i18next'
import { selectDraft, selectFieldErrors } from '../selectors'
import { useAiStore } from '../store'
import { errorFor, validateDraft } from '../validation'

export interface AiForm {
  readonly draft: AccountSettings
  readonly edit: (patch: Partial<AccountSettings>) => void
  /** The message to show under a field: the live range check first, then what core said. */
  readonly errorOf: (field: string) => string | undefined
}

/** The form's draft (non-null: cards render only once settings are loaded) and its errors. */
export function useAiForm(): AiForm {
  const { t } = useTranslation()
  const draft = useAiStore(selectDraft) as AccountSettings
  const server = useAiStore(selectFieldErrors)
  const edit = useAiStore((s) => s.edit)
  const client = useMemo(() => validateDraft(draft), [draft])
  return {
    draft,
    edit,
    errorOf: (field) => {
      const c = errorFor(client, field)
      if (c) return t(`ai.errors.${c.key}`, { min: c.values?.min ?? 0, max: c.values?.max ?? 0 })
      return errorFor(server, field)
    }
  }
}
