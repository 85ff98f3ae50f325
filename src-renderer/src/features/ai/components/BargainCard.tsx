import { useId, useMemo, useState, type JSX } from 'react'
import { useTranslation } from 'react-i18next'
import { Icon } from '../../../lib/ui/Icon'
import { previewLadder } from '../ladder'
import { Card, Field, NumberInput } from './form'
import { useAiForm } from './useAiForm'

const yuan = (n: number): string => `¥${Number.isInteger(n) ? n : n.toFixed(2)}`

/** The rungs for a sample price, recomputed as the limits change. A preview, labelled as such. */
function LadderPreview({ percent, amount, rounds }: { percent: number; amount: number; rounds: number }): JSX.Element {
  const { t } = useTranslation()
  const id = useId()
  const [price, setPrice] = useState(1000)
  const ladder = useMemo(() => previewLadder({ price, percent, amount, rounds }), [price, percent, amount, rounds])
  return (
    <div className="ladder field-wide" data-testid="ai-ladder-preview" data-rungs={ladder?.rungs.join(',') ?? ''} data-floor={ladder?.floor ?? ''}>
      <div className="ladder-head">
        <div>
          <div className="ladder-title">{t('ai.bargain.ladder')}</div>
          <div className="field-hint">{t('ai.bargain.ladderNote')}</div>
        </div>
        <label className="ladder-price" htmlFor={id}>
          <span>{t('ai.bargain.samplePrice')}</span>
          <NumberInput id={id} value={price} min={0} step={1} unit={t('ai.units.yuan')} onChange={setPrice} testId="ai-ladder-price" />
        </label>
      </div>
      {ladder ? (
        <ol className="ladder-rungs">
          <li className="ladder-rung ladder-list">
            <span className="ladder-rung-label">{t('ai.bargain.listPrice')}</span>
            <span className="ladder-rung-price">{yuan(ladder.price)}</span>
          </li>
          {ladder.rungs.map((p, i) => {
            const last = i === ladder.rungs.length - 1
            return (
              <li key={i} className={`ladder-rung ${last ? 'ladder-floor' : ''}`} data-testid="ai-ladder-rung">
                <span className="ladder-rung-label">{t('ai.bargain.round', { n: i + 1 })}{last && ` · ${t('ai.bargain.floor')}`}</span>
                <span className="ladder-rung-price">{yuan(p)}</span>
                <span className="ladder-rung-off">{p < ladder.price ? `−${yuan(Math.round((ladder.price - p) * 100) / 100)}` : t('ai.bargain.noDiscount')}</span>
              </li>
            )
          })}
        </ol>
      ) : (
        <p className="field-hint">{t('ai.bargain.ladderInvalid')}</p>
      )}
    </div>
  )
}

export function BargainCard(): JSX.Element {
  const { t } = useTranslation()
  const { draft, edit, errorOf } = useAiForm()
  return (
    <Card title={t('ai.bargain.title')} testId="ai-bargain">
      <div className="form-grid form-grid-3">
        <Field label={t('ai.bargain.percent')} hint={t('ai.bargain.percentHint')} field="maxDiscountPercent" error={errorOf('maxDiscountPercent')}>
          {(id) => <NumberInput id={id} value={draft.maxDiscountPercent} min={0} max={50} step={1} unit={t('ai.units.percent')} invalid={Boolean(errorOf('maxDiscountPercent'))} testId="ai-max-discount-percent" onChange={(n) => edit({ maxDiscountPercent: n })} />}
        </Field>
        <Field label={t('ai.bargain.amount')} hint={t('ai.bargain.amountHint')} field="maxDiscountAmount" error={errorOf('maxDiscountAmount')}>
          {(id) => <NumberInput id={id} value={draft.maxDiscountAmount} min={0} step={1} unit={t('ai.units.yuan')} invalid={Boolean(errorOf('maxDiscountAmount'))} testId="ai-max-discount-amount" onChange={(n) => edit({ maxDiscountAmount: n })} />}
        </Field>
        <Field label={t('ai.bargain.rounds')} field="maxBargainRounds" error={errorOf('maxBargainRounds')}>
          {(id) => <NumberInput id={id} value={draft.maxBargainRounds} min={1} max={10} unit={t('ai.units.rounds')} invalid={Boolean(errorOf('maxBargainRounds'))} testId="ai-max-rounds" onChange={(n) => edit({ maxBargainRounds: n })} />}
        </Field>
        <p className="note field-wide">
          <Icon name="shield" size={15} />
          <span>
            {t('ai.bargain.zeroNote')} <span className="mono note-formula">{t('ai.bargain.floorRule')}</span>
          </span>
        </p>
        <p className="field-hint field-wide">{t('ai.bargain.roundsHint')}</p>
        <LadderPreview percent={draft.maxDiscountPercent} amount={draft.maxDiscountAmount} rounds={draft.maxBargainRounds} />
        <Field label={t('ai.bargain.refusal')} hint={t('ai.bargain.refusalHint')} field="refusalReply" error={errorOf('refusalReply')} wide>
          {(id) => <textarea id={id} className="textarea textarea-sm" rows={2} maxLength={300} value={draft.refusalReply} aria-invalid={Boolean(errorOf('refusalReply')) || undefined} onChange={(e) => edit({ refusalReply: e.target.value })} />}
        </Field>
      </div>
    </Card>
  )
}
