// Entry point: self-hosted Noto Sans (Latin, Cyrillic; nothing fetched from elsewhere; the Arabic and
// Chinese faces come with their catalogues, i18n/locale.tsx), the styles, then the app.
import '@fontsource/noto-sans/400.css';
import '@fontsource/noto-sans/700.css';
import './styles.css';
import './sign-in-link';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { LocaleProvider } from './i18n/locale';
import { SessionProvider } from './session-context';

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <LocaleProvider>
        <SessionProvider>
          <App />
        </SessionProvider>
      </LocaleProvider>
    </StrictMode>,
  );
}
