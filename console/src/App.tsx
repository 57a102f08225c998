// Routes under /console (the engine serves index.html for each of them). Without a session every route shows
// sign-in; a 401 anywhere ends the session and so brings it back.
import { lazy, Suspense, useEffect } from 'react';
import { BrowserRouter, Route, Routes, useHref, useLocation, useNavigate } from 'react-router';
import { RouterProvider } from 'react-aria-components';
import { Shell } from './components/Shell';
import { Loading, NotFound } from './components/States';
import { useT } from './i18n/t';
import { SignIn } from './pages/SignIn';
import { useSession } from './session-context';
import { WorkflowsProvider } from './workflows';

// Sign-in is in the first bundle; the screens behind it load while the user signs in or right after.
const MyWork = lazy(() => import('./pages/MyWork').then((m) => ({ default: m.MyWork })));
const RequestList = lazy(() => import('./pages/RequestList').then((m) => ({ default: m.RequestList })));
const RequestPage = lazy(() => import('./pages/RequestPage').then((m) => ({ default: m.RequestPage })));
const NewRequest = lazy(() => import('./pages/wizard/NewRequest').then((m) => ({ default: m.NewRequest })));
const Audit = lazy(() => import('./pages/audit/Audit').then((m) => ({ default: m.Audit })));
const Admin = lazy(() => import('./pages/admin/Admin').then((m) => ({ default: m.Admin })));

function Screens() {
  const { session, ready } = useSession();
  const t = useT();
  const location = useLocation();
  useEffect(() => {
    document.title = t('app.name');
    document.getElementById('main')?.focus({ preventScroll: true });
  }, [location.pathname, t]);
  if (!ready) {
    return <Loading />;
  }
  if (!session) {
    return <SignIn />;
  }
  return (
    <WorkflowsProvider key={session.user.id}>
      <Suspense fallback={<Loading />}>
        <Routes>
          <Route path="/" element={<MyWork />} />
          <Route path="/inbox" element={<RequestList key="incoming" box="incoming" />} />
          <Route path="/outgoing" element={<RequestList key="outgoing" box="outgoing" />} />
          <Route path="/requests/:id" element={<RequestPage />} />
          <Route path="/new/*" element={<NewRequest />} />
          <Route path="/audit/*" element={<Audit />} />
          <Route path="/admin/*" element={<Admin />} />
          <Route path="*" element={<NotFound />} />
        </Routes>
      </Suspense>
    </WorkflowsProvider>
  );
}

function AriaRouter({ children }: { children: React.ReactNode }) {
  const navigate = useNavigate();
  return (
    <RouterProvider navigate={(to) => void navigate(to)} useHref={useHref}>
      {children}
    </RouterProvider>
  );
}

export function App() {
  return (
    <BrowserRouter basename="/console">
      <AriaRouter>
        <Shell>
          <Screens />
        </Shell>
      </AriaRouter>
    </BrowserRouter>
  );
}
