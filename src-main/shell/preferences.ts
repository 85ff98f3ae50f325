import Store from 'electron-store'
import type { Bounds } from './windows'

/**
 * electron-store holds window state only (bounds); theme, language and everything else live in
 * SQLite through core, so the headless host and the desktop app share them.
 */
interface Prefs {
  bounds?: Bounds
}

export function openPreferences(): Store<Prefs> {
  return new Store<Prefs>({
    name: 'window',
    schema: {
      bounds: { type: 'object', properties: { x: { type: 'number' }, y: { type: 'number' }, width: { type: 'number' }, height: { type: 'number' } } }
    }
  })
}
