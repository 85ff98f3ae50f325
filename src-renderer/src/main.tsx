import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
// global styles first, so feature stylesheets (imported by their pages) come later and win ties
import './app/styles/tokens.css'
import './app/styles/base.css'
import './app/styles/layout.css'
import './app/styles/components.css'
import { App } from './app/App'
import { boot } from './app/boot'

boot()

const root = document.getElementById('root')
if (!root) throw new Error('missing #root')
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>
)
