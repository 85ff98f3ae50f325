import type { Messages } from '../types'

/** Logins (QR, browser, demo) and the account rows' login actions (English). */
export const loginEn: Messages['login'] = {
  qr: {
    starting: 'Generating a QR code…',
    waiting: 'Scan with the Xianyu app',
    waitingHint: 'Open the Xianyu app and tap “Scan” at the top left of the home screen.',
    scanned: 'Scanned — confirm on your phone',
    scannedHint: 'Tap “Confirm login” on your phone; this finishes by itself.',
    confirmed: 'Logged in',
    confirmedHint: 'The account was added and is connecting…',
    expired: 'The QR code expired',
    expiredHint: 'A code lives about 2 minutes; after several refreshes it needs a new one by hand.',
    regenerate: 'New QR code',
    verify: 'Phone or face check required',
    verifyHint: 'Xianyu wants an extra check for this login, which QR login cannot complete. Use the browser login and pass the check in its window.',
    useBrowser: 'Use browser login',
    error: 'QR login failed',
    canceled: 'Cancelled on the phone',
    retry: 'Scan again',
    alt: 'Xianyu login QR code',
    secureNote: 'After login the cookie is stored encrypted on this computer only.'
  },
  browser: {
    title: 'Log in to Xianyu in a login window',
    body: 'Opens a separate Xianyu login window where you can scan or use your password; slider or face checks happen in that window too. It closes by itself once you are logged in, and the account appears in the list.',
    button: 'Open the login window',
    busy: 'Finish logging in in the window that opened…',
    headlessTitle: 'Browser login is for the desktop app',
    headlessBody: 'This is the headless mode (used from a browser); the machine running it may have no display to open a login window on. Use QR login or paste a cookie instead — or try anyway if this machine has a display.',
    tryAnyway: 'Try anyway',
    useQr: 'QR login',
    useCookie: 'Paste cookie',
    failed: 'The browser login did not finish'
  },
  demo: {
    button: 'Try the demo',
    adding: 'Adding…',
    hint: 'No Xianyu account needed: scripted buyers in a bundled simulator ask, bargain and order, so you can watch the auto-replies at work.',
    added: 'Demo account added'
  },
  row: {
    verify: 'Verify',
    verifying: 'Verifying…',
    verifyTitle: 'Tries the slider automatically first, then opens a window for you to finish it',
    relogin: 'Log in again',
    refresh: 'Try to renew',
    refreshing: 'Renewing…',
    refreshTitle: 'Renews the login by opening the Xianyu messages page in a browser — no new scan needed'
  }
}
