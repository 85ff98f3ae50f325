/** Logins (QR, browser, demo) and the account rows' login actions (Chinese). */
export const loginZhCN = {
  qr: {
    starting: '正在生成二维码…',
    waiting: '请用闲鱼 App 扫码',
    waitingHint: '打开闲鱼 App，点击首页左上角的「扫一扫」。',
    scanned: '已扫码，请在手机上确认',
    scannedHint: '在手机上点击「确认登录」后，这里会自动完成。',
    confirmed: '登录成功',
    confirmedHint: '账号已添加，正在连接消息服务…',
    expired: '二维码已过期',
    expiredHint: '二维码有效期约 2 分钟，过期多次后需要手动重新生成。',
    regenerate: '重新生成二维码',
    verify: '需要手机或人脸验证',
    verifyHint: '闲鱼要求这次登录做额外验证，扫码登录无法完成。请改用浏览器登录，在登录窗口里完成验证。',
    useBrowser: '改用浏览器登录',
    error: '扫码登录失败',
    canceled: '已在手机上取消',
    retry: '重新扫码',
    alt: '闲鱼登录二维码',
    secureNote: '登录后 Cookie 只加密保存在本机，不会上传。'
  },
  browser: {
    title: '在登录窗口中登录闲鱼',
    body: '会打开一个独立的闲鱼网页登录窗口，可以扫码或用账号密码登录；需要滑块或人脸验证时也在这个窗口里完成。登录成功后窗口自动关闭，账号出现在列表中。',
    button: '打开登录窗口',
    busy: '请在弹出的窗口中完成登录…',
    headlessTitle: '浏览器登录仅在桌面版可用',
    headlessBody: '当前是无界面模式（在浏览器中访问），运行它的机器可能没有显示器来打开登录窗口。请改用扫码登录或粘贴 Cookie；若这台机器有显示器，也可以继续尝试。',
    tryAnyway: '仍然尝试',
    useQr: '扫码登录',
    useCookie: '粘贴 Cookie',
    failed: '浏览器登录没有完成'
  },
  demo: {
    button: '体验演示账号',
    adding: '正在添加…',
    hint: '不需要闲鱼账号：内置模拟器里的买家会来咨询、砍价和下单，可以看到自动回复的全过程。',
    added: '已添加演示账号'
  },
  row: {
    verify: '验证',
    verifying: '验证中…',
    verifyTitle: '先自动尝试滑块验证，不成功会打开窗口让你手动完成',
    relogin: '重新登录',
    refresh: '尝试自动续期',
    refreshing: '续期中…',
    refreshTitle: '用浏览器打开闲鱼消息页来续期登录，不需要重新扫码'
  }
} as const
