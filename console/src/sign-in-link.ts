// A sign-in link (`/console/#token=ccr_...`, as `npm run demo` prints one per role): the token is taken out
// of the address at once (so it stays neither in the history nor on screen in the address bar) and only
// fills in the sign-in form. It is never sent anywhere by itself: the person presses "Sign in", so a link
// cannot sign anyone in to someone else's account unnoticed.
let linked: string | null = null;

const match = /^#token=([A-Za-z0-9_-]{8,200})$/.exec(window.location.hash);
if (match) {
  linked = match[1] ?? null;
  const url = new URL(window.location.href);
  url.hash = '';
  window.history.replaceState(window.history.state, '', url.pathname + url.search);
}

/** The token of the sign-in link this page was opened with, once. */
export function takeLinkedToken(): string | null {
  const token = linked;
  linked = null;
  return token;
}
