/**
 * Prompt-injection detection for buyer text (Chinese and English). Detection only logs and flags:
 * safety never depends on it, because the price floor is enforced in code on every reply and buyer
 * text always reaches the model as quoted data. Patterns are matched on a normalised copy with
 * spaces and zero-width characters removed, so "忽 略 之 前 的 指 令" is caught too.
 */
import { normalizeSameLength } from './text'

export interface InjectionResult {
  readonly suspicious: boolean
  /** Names of the matched patterns, e.g. ["ignore_instructions", "price_coercion"]. */
  readonly patterns: string[]
}

interface Pattern { readonly name: string; readonly re: RegExp }

const PATTERNS: readonly Pattern[] = [
  {
    name: 'ignore_instructions',
    re: /(?:忽略|无视|忘记|忘掉|忘了|不要管|别管|跳过|抛开|覆盖|清除|取消)(?:掉)?(?:你)?(?:之前|以上|上面|前面|先前|此前|所有|全部|一切|原来|原有|原先|系统|刚才)*的?(?:所有|全部|一切)?(?:指令|指示|规则|设定|提示词?|要求|限制|命令|约束|prompt|设置|对话|内容)/
  },
  { name: 'ignore_instructions', re: /(?:ignore|disregard|forget|override|bypass)(?:all|any|the|your|previous|prior|above|earlier|preceding|system|of|every)*(?:instructions?|prompts?|rules|directions|guidelines|constraints|context)/ },
  { name: 'role_override', re: /你现在是|现在你是|从现在(?:开始|起)你(?:是|就是|扮演)|你现在扮演|假装你是|假设你是|扮演一个|你的新身份|你不再是|进入.{0,6}角色|接下来你是/ },
  { name: 'role_override', re: /youarenow|fromnowonyou|actas(?:a|an|my)|pretendtobe|pretendyou|roleplayas|yournewrole|newpersona/ },
  { name: 'system_prompt', re: /系统提示词?|提示词|系统指令|系统设定|你的(?:设定|指令|规则|初始指令)|第一条指令|原始指令|systemprompt|yourinstructions|yourprompt|initialprompt|revealyour|printyour|repeatthe(?:above|text)|(?<![a-z])prompt(?![a-z])/ },
  { name: 'developer_mode', re: /开发者模式|开发模式|调试模式|管理员模式|上帝模式|越狱|developermode|debugmode|godmode|jailbreak|(?<![a-z])dan(?![a-z])|sudo|adminmode/ },
  { name: 'fake_authority', re: /我是(?:你的)?(?:老板|卖家|店主|开发者|管理员|程序员|工程师|客服主管|主人)|(?:闲鱼|平台|系统|官方)(?:通知|消息|提示|公告|客服)[:：】\]]|【(?:系统|官方|平台)|\[(?:system|admin)\]|(?<![a-z])system[:：]|(?<![a-z])assistant[:：]/ },
  { name: 'fake_authority', re: /(?:老板|卖家|店主|你们老板)(?:说了?|同意了?|已经同意|答应)(?:了)?.{0,6}(?:可以|卖|给|便宜)|卖家已同意|已经同意.{0,6}价/ },
  { name: 'output_control', re: /(?:只|仅)(?:回复|回答|输出|说)|原样(?:输出|回复)|重复(?:我|以下|下面)的话|照着(?:我|以下)说|你(?:必须|只能|一定要)(?:回复|回答|说|同意)|repeatafterme|sayexactly|outputonly|respondonlywith/ },
  { name: 'delimiter', re: /```|<\/?(?:system|assistant|user|im_start|im_end)>|<\|[a-z_]+\|>|\[\/?inst\]|###(?:system|instruction)/ },
  { name: 'price_override', re: /(?:底价|最低价|价格|售价|floorprice|price)(?:是|为|改为|改成|设为|设置为|=|is|to)(?:0|1|一|零)(?:[元块]|yuan)?(?![0-9])/ }
]

/** "1元卖我", "一块钱卖给我", "0元送我", "免费送我", "sell it for 1 yuan": absurd price demands. */
const COERCION: readonly RegExp[] = [
  /(?<![0-9.一二三四五六七八九十百千万])(?:0|1|0\.\d+|一|零|几)\s?(?:元|块|毛|分)钱?(?:卖|给|出|送|包邮|成交|发货|拍)/,
  /(?:按|以|用)(?<![0-9])(?:0|1|一|零)\s?(?:元|块)钱?/,
  /(?:免费|白)送(?:我|给我)|送给我吧|(?:for|at)(?:0|1|one)(?:yuan|rmb|dollar|buck)|forfree/
]

/** Scan one buyer message. Pure; cheap enough to run on every inbound message. */
export function detectInjection(text: string): InjectionResult {
  const squashed = normalizeSameLength(text).replace(/\s+/g, '')
  const found = new Set<string>()
  for (const p of PATTERNS) if (p.re.test(squashed)) found.add(p.name)
  if (COERCION.some((re) => re.test(squashed))) found.add('price_coercion')
  const patterns = [...found]
  return { suspicious: patterns.length > 0, patterns }
}
