import { useEffect, useState } from 'react'

/** The current time, re-read every `everyMs` while `active` (countdowns, relative times). */
export function useNow(active: boolean, everyMs = 1000): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    if (!active) return
    setNow(Date.now())
    const h = setInterval(() => setNow(Date.now()), everyMs)
    return () => clearInterval(h)
  }, [active, everyMs])
  return now
}
