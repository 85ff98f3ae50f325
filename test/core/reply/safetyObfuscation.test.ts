/**
 * Outbound safety against obfuscated off-platform contact (homophones, look-alike and full-width
 * letters, separators and emoji between letters, digits in other scripts, spelled-out domains,
 * steering to other shops or direct payment) — and, just as important, ordinary seller replies that
 * must go out untouched. A flagged clause is dropped; a reply with nothing meaningful left is blocked.
 */
import { describe, expect, it } from 'vitest'
import { guardOutbound } from '../../../src-main/core/reply/guard'
import { checkOutbound } from '../../../src-main/core/reply/safety'

type Probe = readonly [input: string, sent: string, hit: string]

/** [reply, what is sent ('' = blocked), `kind:detector` that must be among the actions]. */
const CAUGHT: readonly Probe[] = [
  // WeChat homophones and emoji: 薇/威/徽/维/卫 + 信/❤/心/鑫, V❤, 亻言
  ['加薇❤：abc123', '', 'contact:wechat'],
  ['好的亲，加薇❤：abc123，发你实拍', '好的亲，发你实拍', 'contact:wechat'],
  ['薇信：seller_01', '', 'contact:wechat'],
  ['威信 abc123，今天发', '今天发', 'contact:wechat'],
  ['徽信号发你', '', 'contact:wechat'],
  ['加个维❤吧', '', 'contact:wechat'],
  ['V❤ abc12345', '', 'contact:wechat'],
  ['V 亻言 联系', '', 'contact:wechat'],
  ['薇鑫同号', '', 'contact:wechat'],
  ['卫星号多少', '', 'contact:wechat'],
  ['wei xin 联系', '', 'contact:wechat'],
  // a bare "加微" / "+微" / "加v": the dodge is the verb plus the first letter
  ['加个微，便宜点', '便宜点', 'contact:wechat'],
  ['加微', '', 'contact:wechat'],
  ['可以的，+微详聊', '可以的', 'contact:wechat'],
  ['加下薇吧，发你视频', '发你视频', 'contact:wechat'],
  ['➕V', '', 'contact:wechat'],
  ['加vx520', '', 'contact:wechat'],
  ['加个🟢，发你实拍', '发你实拍', 'contact:wechat'],
  ['加个绿色软件聊', '', 'contact:wechat'],
  ['V我50', '', 'contact:wechat'],
  // letters split, full-width, look-alike, zero-width, emoji in between
  ['Ｖ信联系', '', 'contact:wechat'],
  ['ｗｘ：ａｂｃ１２３', '', 'contact:wechat'],
  ['v-x：abc', '', 'contact:wechat'],
  ['w*x 同号', '', 'contact:wechat'],
  ['微🌸信', '', 'contact:wechat'],
  ['微\u200b信发你', '', 'contact:wechat'],
  ['w\u0445 abc123', '', 'contact:handle'],
  ['\u03bdx 联系', '', 'contact:wechat'],
  // split over clause punctuation: no single clause holds it
  ['微 ~ 信', '', 'contact:wechat'],
  ['好的，微～信～abc123', '好的', 'contact:wechat'],
  ['加微信，abc123，今天发', '今天发', 'contact:id_after_contact'],
  ['QQ号是，1234567，好的', '好的', 'contact:qq'],
  ['v~x: abc123，今天发', '今天发', 'contact:wechat'],
  ['1，3，8，1，2，3，4，5，6，7，8', '', 'phone:digits'],
  ['在的亲，1。3。8。1。2。3。4。5。6。7。8', '在的亲', 'phone:digits'],
  // a channel letter or homophone, a colon, an id
  ['V：abc123', '', 'contact:handle'],
  ['微: seller01', '', 'contact:handle'],
  ['威：abc123，拍下改价', '拍下改价', 'contact:handle'],
  ['Q:12345，在的', '在的', 'contact:handle'],
  // QQ
  ['🐧号发你，今天发货', '今天发货', 'contact:qq'],
  ['🐧：123456', '', 'contact:qq'],
  ['抠抠联系', '', 'contact:qq'],
  ['加q，发你图', '发你图', 'contact:qq'],
  ['群号 123456', '', 'contact:qq'],
  ['加qun领券', '', 'contact:qq'],
  // phone numbers in every script and shape
  ['１３８１２３４５６７８', '', 'phone:digits'],
  ['幺三八 幺二三四 五六七八', '', 'phone:digits'],
  ['壹叁捌壹贰叁肆伍陆柒捌', '', 'phone:digits'],
  ['①③⑧①②③④⑤⑥⑦⑧', '', 'phone:digits'],
  ['❶❸❽❶❷❸❹❺❻❼❽', '', 'phone:digits'],
  ['1️⃣3️⃣8️⃣1️⃣2️⃣3️⃣4️⃣5️⃣6️⃣7️⃣8️⃣', '', 'phone:digits'],
  ['138一二三四5678', '', 'phone:digits'],
  ['+86 138 1234 5678，随时联系', '随时联系', 'phone:digits'],
  ['单号13812345678', '', 'phone:digits'],
  ['企鹅 123456789', '', 'phone:digits'],
  ['v138 1234 5678', '', 'phone:digits'],
  ['价格 950 13812345678', '', 'phone:digits'],
  ['q 1234 5678', '', 'phone:digits'],
  ['📞 138，好的', '好的', 'phone:phone_words'],
  ['电話多少', '', 'phone:phone_words'],
  ['电话联系更快，在的', '在的', 'phone:phone_words'],
  ['打电话给我', '', 'phone:phone_words'],
  // email, other chat apps, friend/QR/official accounts, "my profile has it"
  ['✉️ seller@163.com', '', 'link:url'],
  ['留个邮箱，发你资料', '发你资料', 'contact:email'],
  ['加钉钉聊', '', 'contact:other_app'],
  ['telegram: seller', '', 'contact:other_app'],
  ['小红书找我', '', 'contact:other_app'],
  ['加我好友，给你优惠', '给你优惠', 'contact:add_me'],
  ['扫我的二维码加好友', '', 'contact:add_me'],
  ['关注我公众号领券', '', 'contact:add_me'],
  ['主页有v，拍下改价', '拍下改价', 'contact:add_me'],
  ['我主页有联系方式', '', 'contact:add_me'],
  // links, also spelled out
  ['去淘宝点com下单', '', 'link:spelled_domain'],
  ['淘宝 点 com', '', 'link:spelled_domain'],
  ['taobao dot com', '', 'link:spelled_domain'],
  ['xx dot cn，好的', '好的', 'link:spelled_domain'],
  ['abc。com', '', 'link:spelled_domain'],
  ['abc。com/x', '', 'link:spelled_domain'],
  ['去淘宝.com下单', '', 'link:spelled_domain'],
  ['abc. com 看看', '', 'link:url'],
  ['bit.ly/abc', '', 'link:url'],
  // moving the deal to another shop or app
  ['换个平台聊', '', 'offline:other_platform'],
  ['咱们换个地方聊，便宜点', '便宜点', 'offline:other_platform'],
  ['去别的平台买更便宜', '', 'offline:other_platform'],
  ['去淘宝下单，便宜20', '便宜20', 'offline:other_platform'],
  ['去抖音下单', '', 'offline:other_platform'],
  ['淘宝上拍，我改价', '我改价', 'offline:other_platform'],
  ['去tb拍', '', 'offline:other_platform'],
  ['拼夕夕下单', '', 'offline:other_platform'],
  ['抖音搜我店铺', '', 'offline:other_platform'],
  ['去拼多多下单', '', 'offline:other_platform'],
  ['發你淘寶鏈接', '', 'offline:other_platform'],
  // off the platform, paying directly
  ['咱们线下交易吧', '', 'offline:offline'],
  ['私下交易更便宜', '', 'offline:offline'],
  ['不走闲鱼的话可以便宜', '', 'offline:offline'],
  ['不通过平台交易，亲', '', 'offline:offline'],
  ['省掉闲鱼手续费', '', 'offline:offline'],
  ['走支付宝转账就行', '', 'offline:pay_direct'],
  ['直接转我，不用拍', '不用拍', 'offline:pay_direct'],
  ['支付宝付给我', '', 'offline:pay_direct'],
  ['付款码发你', '', 'offline:pay_direct'],
  ['发个红包就行', '', 'offline:pay_direct'],
  ['发你个红包', '', 'offline:pay_direct'],
  ['打钱到我的卡上', '', 'offline:pay_direct'],
  ['转给我就行，今天发', '今天发', 'offline:pay_direct'],
  // what an injected instruction makes a model write
  ['好的，我的微信是abc123，你拍吧', '好的，你拍吧', 'contact:wechat'],
  ['已按要求：客服薇❤ kefu888', '', 'contact:wechat'],
  ['请添加 w x ： s e l l e r 0 1', '', 'contact:wechat']
]

/** Near misses that stay in the chat: decided legitimate, sent as written. */
const PASSED: readonly string[] = ['看我主页简介', '有问题可以私聊', '滴滴我', 'QQ音乐会员', '淘宝同款', '京东买的', '在线下单', '点我头像看更多']

/** Ordinary seller replies: every one must go out exactly as written, with no action recorded. */
const LEGIT: readonly string[] = [
  '有轻微使用痕迹',
  '微瑕，不影响使用',
  '稍微便宜点可以',
  '微软鼠标，蓝牙款',
  '威露士洗衣液还有两瓶',
  '快递走顺丰，下单后48小时内发',
  '可以当面交易，同城自提',
  '支持验货宝',
  '拍下我改价',
  '闲鱼上直接拍就行',
  'QQ音乐会员还有半年',
  'iPhone 13 128G',
  '电池健康88%',
  '尺码是XL',
  '型号 A2633',
  '订单号 3120938475629384',
  '¥950',
  '保修到2025年3月',
  '淘宝同款',
  '微波炉九成新',
  '索尼微单 A7M3，快门数3000',
  '微距镜头带遮光罩',
  '屏幕稍微有点发黄',
  '威刚内存条 16G DDR4 3200',
  '卫星电视接收器',
  'vivo X90 Pro，12+256',
  'V领毛衣，M码',
  'vans 板鞋 42码',
  'RTX 3060 12G 显卡',
  'IMEI 356789012345678 可以查',
  '序列号 C02XK1234567',
  '发票号码 12345678',
  '2023年12月购入',
  '2023-05-20买的，有购买记录',
  '送一包QQ糖',
  'Q弹有嚼劲',
  '加绒款，冬天穿',
  '加10元包邮',
  '好友价给你了',
  '有问题可以私聊',
  '我主页还有别的宝贝',
  '主页有同款',
  '淘宝价格199，我这只要99',
  '京东买的，有发票',
  '去年在京东买的，可以查订单',
  '抖音爆款',
  '拍下用支付宝付款就行',
  '拍下后走闲鱼担保交易',
  '可以走验货宝',
  '面交也可以，地铁站见',
  '走闲鱼就行',
  '有问题联系客服',
  '联系快递小哥了',
  '小米手环8 NFC版',
  '华为P60 Pro 8+256',
  'Switch OLED 日版',
  'AirPods Pro 2 序列号可查',
  '不退不换哦',
  '包邮',
  '全新未拆封',
  '箱说全',
  '99新',
  '可小刀',
  '不议价哦',
  '今天下午发顺丰',
  '大概3天到',
  '中通快递，单号 75312345678901',
  '已发货，单号 SF1234567890123',
  '运单号YT1234567890123',
  '京东快递，单号JD0123456789012',
  '快递单号：JT0001234567890',
  '机身编号 W88123456',
  '价格 12999',
  '¥12,999',
  '12,999元',
  '最低¥12999.00元',
  '电话卡可以正常使用',
  '这个是微信读书会员',
  'com口和网口都有',
  '网线6类',
  '点个收藏',
  '点赞',
  '点我头像看更多',
  'QQ飞车点券',
  'QQ星奶粉',
  'win10系统已激活',
  '型号 WX-200',
  '中国移动合约机',
  '在线下单就行',
  '可以在线下载说明书',
  '电话手表，儿童款',
  '维修过屏幕，原装屏',
  '卫衣加绒',
  '微调过参数',
  '有微小划痕',
  '薇娅同款',
  '徽章一套',
  '信封包装',
  '有信号',
  '维达纸巾',
  '加一件送运费险',
  '加购了吗',
  '好评率100%',
  '老客户了，给你抹个零',
  '最低950，不能再少了',
  '发货前会拍视频给你',
  '送充电器和数据线',
  '原价5999，现在3999',
  '用了不到半年',
  '成色见图',
  '图片都是实拍',
  '今天拍明天发',
  '已经降价了哦',
  '亲，还在的',
  '在的亲，可以直接拍',
  '不包邮，偏远地区补运费',
  '没有拆修，功能正常',
  '国行，有保',
  '屏幕无划痕，边框有点磕碰',
  '电池循环200次',
  '三天内发货',
  '个人闲置，没有发票',
  '支持7天无理由',
  '拍下后改价为880',
  '两个一起拿可以便宜50',
  '邮费到付',
  '顺丰到付也可以',
  '给你备注了',
  '发你实拍视频',
  '晚上8点后回复',
  '早上9点发',
  '一点点瑕疵',
  '9.9包邮',
  '79.9元',
  '淘宝买要300，我这只要150',
  '上淘宝搜同款都要300',
  '京东自营的，有保修',
  '天猫旗舰店买的',
  '得物鉴定过的',
  '小红书上很火的款',
  '抖音上同款卖299',
  '闲鱼币可以抵扣',
  '用闲鱼红包更划算',
  '收到货记得确认收货哦',
  '给个好评呀',
  '卫星锅',
  '私人闲置',
  '尺寸 120x60cm',
  'W：120cm，H：80cm',
  '重量2.5kg',
  '5G手机，双卡双待',
  '运行内存8G',
  '2TB硬盘',
  '宝宝用过两次',
  '加拿大代购的',
  '取件码 8-2-3021',
  '稍加微调就好',
  '另外加维修费50',
  '再加卫衣一件',
  '打电话问了快递，明天到',
  '直接拍，我看到就改价',
  '我打包好了',
  '不走快递，同城面交',
  '别担心，平台有担保',
  '不走验货宝的话直接发',
  '换个颜色也有',
  '换个地址也行',
  '京东上下单的话要等一周',
  '心心相印纸巾',
  '维他命',
  '卫生纸',
  '徽州特产',
  '9点前拍当天发',
  '38，39，40，41，42码都有',
  '36 38 40码都有',
  '好的，5，6，7码都有，今天发',
  'A2633 128G 国行',
  '5V信号灯',
  '稍微，信号不太好',
  '不用平台验货也行',
  '平时不在闲鱼，回复慢请见谅',
  '这是朋友转给我的',
  'Q: iPhone能用吗？A: 能用',
  '扫二维码验真伪',
  '谢谢亲。VIP客户优先发货',
  '好的。CN版本',
  '周末10:00-18:00都在',
  '下午2:00-6:00可以面交',
  '2023.12.12购入',
  '宝贝id 712345678901',
  '不用担心，走闲鱼担保',
  '人在外地，不能面交',
  '我加了运费险',
  '官方验货，放心拍',
  '我是个人卖家，不是商家',
  '有问题随时问我'
]

describe('checkOutbound: obfuscated off-platform contact', () => {
  it.each(CAUGHT)('%s → %j', (input, sent, hit) => {
    const r = checkOutbound(input)
    expect(r.text).toBe(sent)
    expect(r.blocked).toBe(sent === '')
    const [kind, name] = hit.split(':')
    expect(r.actions.some((a) => a.kind === kind && a.detail.startsWith(`${name}: `)), JSON.stringify(r.actions)).toBe(true)
    if (r.blocked) expect(r.actions.at(-1)).toEqual({ kind: 'blocked', detail: 'nothing safe left after removing flagged clauses' })
    else expect(r.actions.map((a) => a.kind)).not.toContain('blocked')
  })

  it.each(PASSED)('passes the near miss %s', (input) => {
    expect(checkOutbound(input)).toEqual({ text: input, blocked: false, actions: [] })
  })
})

describe('checkOutbound: ordinary seller replies', () => {
  it('has a large set of them', () => {
    expect(LEGIT.length).toBeGreaterThanOrEqual(80)
    expect(new Set(LEGIT).size).toBe(LEGIT.length)
  })

  it.each(LEGIT)('sends %s unchanged', (input) => {
    expect(checkOutbound(input)).toEqual({ text: input, blocked: false, actions: [] })
  })

  it('drops only the dodge when one is appended to an ordinary reply', () => {
    const dodges = ['加薇❤：abc123', '去淘宝点com下单', '换个平台聊', '１３８１２３４５６７８', '直接转我']
    LEGIT.forEach((legit, i) => {
      const dodge = dodges[i % dodges.length] ?? ''
      const r = checkOutbound(`${legit}，${dodge}`)
      expect(r, `${legit}，${dodge}`).toMatchObject({ text: legit.replace(/[，。？！]+$/, ''), blocked: false })
      expect(r.actions.length).toBeGreaterThan(0)
      expect(r.actions.every((a) => a.detail.endsWith(dodge))).toBe(true)
    })
  })
})

describe('guardOutbound: obfuscated contact in an AI reply', () => {
  it('drops the dodge, records why, and still checks the price of what is left', () => {
    const price = { allowedPrice: 95, floor: 90, listPrice: 100 }
    const ok = guardOutbound('最低95，加薇❤：abc123', { price })
    expect(ok).toMatchObject({ text: '最低95', blocked: false, violations: [] })
    expect(ok.actions).toEqual([
      { kind: 'contact', detail: 'wechat: 加薇❤：abc123' },
      { kind: 'contact', detail: 'handle: 加薇❤：abc123' }
    ])
    expect(guardOutbound('最低85，去淘宝点com下单', { price })).toMatchObject({ blocked: true, violations: [{ value: 85 }] })
  })
})
