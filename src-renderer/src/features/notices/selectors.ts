import type { Notice, NoticesState } from './store'

export const selectNotices = (s: NoticesState): ReadonlyArray<Notice> => s.notices
export const selectNoticeCount = (s: NoticesState): number => s.notices.length
