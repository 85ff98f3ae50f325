/**
 * Save and open JSON files without a Node API: a Blob link for the download (works in Electron
 * and in the browser), the File API for the upload.
 */
export function downloadText(fileName: string, text: string, type = 'application/json'): void {
  const url = URL.createObjectURL(new Blob([text], { type }))
  const a = document.createElement('a')
  a.href = url
  a.download = fileName
  a.style.display = 'none'
  document.body.appendChild(a)
  a.click()
  a.remove()
  // revoke after the click has been handled; the download keeps its own reference
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}

/** `xianyu-desk-rules-2025-01-31.json` */
export function datedName(prefix: string, now = new Date()): string {
  const pad = (n: number): string => String(n).padStart(2, '0')
  return `${prefix}-${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}.json`
}

export const readTextFile = (file: Blob): Promise<string> => file.text()
