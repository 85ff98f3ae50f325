import { TEMPLATE_VARIABLES } from '@contract/rules'

export type TemplateVars = Partial<Record<(typeof TEMPLATE_VARIABLES)[number], string>>

const VAR = /\{([a-z_]+)\}/g

/** Unknown variables, so a typo is caught when the rule is saved, not in front of a buyer. */
export function unknownVariables(text: string): string[] {
  const known = new Set<string>(TEMPLATE_VARIABLES)
  return [...text.matchAll(VAR)].map((m) => m[1] ?? '').filter((v) => !known.has(v))
}

/** Fills `{buyer}`, `{item_title}`, `{price}`… A variable with no value becomes empty text. */
export function renderTemplate(text: string, vars: TemplateVars): string {
  return text
    .replace(VAR, (whole, name: string) => ((TEMPLATE_VARIABLES as ReadonlyArray<string>).includes(name) ? (vars[name as keyof TemplateVars] ?? '') : whole))
    .replace(/[ \t]{2,}/g, ' ')
    .trim()
}

export function formatYuan(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return ''
  return Number.isInteger(v) ? String(v) : v.toFixed(2).replace(/0$/, '')
}
