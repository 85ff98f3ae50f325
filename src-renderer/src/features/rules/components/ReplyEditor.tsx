import { type JSX } from 'react'
import { TEMPLATE_VARIABLES } from '@contract'
import { SELLER_ONLY_VARIABLES } from '../form'
import { useTranslation } from 'react-i18next'
import { Icon } from '../../../lib/ui/Icon'
import { Segmented } from '../../../lib/ui/controls'
import { useVariableInsert } from '../../../lib/ui/useVariableInsert'
import { type ReplyDraft } from '../form'

/** One reply of a rule: text with variable chips, or an image URL. */
export function ReplyEditor(props: { value: ReplyDraft; index: number; onChange: (r: ReplyDraft) => void; onRemove?: () => void }): JSX.Element {
  const { t } = useTranslation()
  const { value, onChange } = props
  const { ref, insert } = useVariableInsert(value, (text) => onChange({ kind: 'text', text }))

  return (
    <div className="reply-editor" data-testid="rule-reply">
      <div className="reply-editor-head">
        <span className="reply-index">{props.index + 1}</span>
        <Segmented<'text' | 'image'>
          size="sm"
          label={t('rules.dialog.replies')}
          value={value.kind}
          options={[{ value: 'text', label: t('rules.dialog.text'), icon: 'message' }, { value: 'image', label: t('rules.image'), icon: 'image' }]}
          onChange={(k) => onChange(k === 'text' ? { kind: 'text', text: '' } : { kind: 'image', url: '' })}
        />
        {props.onRemove && (
          <button type="button" className="icon-btn icon-btn-sm icon-btn-danger reply-remove" aria-label={t('rules.dialog.removeReply')} onClick={props.onRemove}>
            <Icon name="x" size={14} />
          </button>
        )}
      </div>
      {value.kind === 'text' ? (
        <>
          <textarea ref={ref} className="textarea textarea-sm" rows={2} maxLength={500} value={value.text} placeholder={t('rules.dialog.textPlaceholder')} aria-label={t('rules.dialog.text')} data-testid="rule-reply-text" onChange={(e) => onChange({ kind: 'text', text: e.target.value })} />
          <div className="var-chips" aria-label={t('rules.dialog.variables')}>
            {/* the floor is not offered for buyer-visible replies; typing {floor_price} asks for a confirmation */}
            {TEMPLATE_VARIABLES.filter((v) => !SELLER_ONLY_VARIABLES.has(v)).map((v) => (
              <button key={v} type="button" className="var-chip" title={t(`rules.vars.${v}`)} onClick={() => insert(v)}>
                {`{${v}}`}
                <span>{t(`rules.vars.${v}`)}</span>
              </button>
            ))}
          </div>
        </>
      ) : (
        <input className="input mono" type="url" value={value.url} placeholder="https://…" aria-label={t('rules.dialog.imageUrl')} data-testid="rule-reply-url" onChange={(e) => onChange({ kind: 'image', url: e.target.value })} />
      )}
    </div>
  )
}
