#!/usr/bin/env node
// Renders build/icon.svg to the PNG, ICO and ICNS files electron-builder and the app use.
// Run by hand after changing the SVG; the outputs are committed.
import { chromium } from 'playwright-core'
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'

const root = join(import.meta.dirname, '..')
const svg = readFileSync(join(root, 'build/icon.svg'), 'utf8')
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] })
const page = await browser.newPage()
const png = {}
for (const size of [16, 24, 32, 48, 64, 128, 256, 512, 1024]) {
  await page.setViewportSize({ width: size, height: size })
  await page.setContent(`<html><body style="margin:0;background:transparent">${svg.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body></html>`)
  png[size] = await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } })
}
await browser.close()

mkdirSync(join(root, 'build/icons'), { recursive: true })
writeFileSync(join(root, 'build/icon.png'), png[1024])
for (const s of [16, 32, 48, 64, 128, 256, 512]) writeFileSync(join(root, `build/icons/${s}x${s}.png`), png[s])
writeFileSync(join(root, 'resources/icon.png'), png[512])
writeFileSync(join(root, 'resources/tray.png'), png[32])
writeFileSync(join(root, 'resources/tray@2x.png'), png[64])

// ICO with embedded PNGs (Vista+)
const icoSizes = [16, 24, 32, 48, 64, 128, 256]
const header = Buffer.alloc(6 + 16 * icoSizes.length)
header.writeUInt16LE(0, 0); header.writeUInt16LE(1, 2); header.writeUInt16LE(icoSizes.length, 4)
let offset = header.length
icoSizes.forEach((s, i) => {
  const e = 6 + 16 * i
  header.writeUInt8(s >= 256 ? 0 : s, e); header.writeUInt8(s >= 256 ? 0 : s, e + 1)
  header.writeUInt16LE(1, e + 4); header.writeUInt16LE(32, e + 6)
  header.writeUInt32LE(png[s].length, e + 8); header.writeUInt32LE(offset, e + 12)
  offset += png[s].length
})
writeFileSync(join(root, 'build/icon.ico'), Buffer.concat([header, ...icoSizes.map((s) => png[s])]))

// ICNS with PNG chunks
const chunks = [['icp4', 16], ['icp5', 32], ['icp6', 64], ['ic07', 128], ['ic08', 256], ['ic09', 512], ['ic10', 1024]].map(([type, s]) => {
  const h = Buffer.alloc(8); h.write(type, 0, 'ascii'); h.writeUInt32BE(png[s].length + 8, 4)
  return Buffer.concat([h, png[s]])
})
const body = Buffer.concat(chunks)
const icnsHeader = Buffer.alloc(8); icnsHeader.write('icns', 0, 'ascii'); icnsHeader.writeUInt32BE(body.length + 8, 4)
writeFileSync(join(root, 'build/icon.icns'), Buffer.concat([icnsHeader, body]))
console.log('icons written')
