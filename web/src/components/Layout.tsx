import { Suspense } from 'react';
import { NavLink, Outlet, useNavigate } from 'react-router';
import { useAuth } from '../auth/AuthContext';
import { SandboxBanner } from './SandboxBanner';
import { NotificationBell } from './alerts/NotificationBell';
import { Loading } from './Status';

export function BrandMark() {
  return (
    <svg className="brand-mark" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <circle cx="16" cy="16" r="15" />
      <circle cx="16" cy="16" r="5" className="brand-label" />
      <circle cx="16" cy="16" r="1.5" className="brand-hole" />
    </svg>
  );
}

/** Frame of every signed-in page: skip link, header with navigation, main region. */
export function Layout() {
  const { user, isAdmin, logout } = useAuth();
  const navigate = useNavigate();
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <SandboxBanner />
      <header className="app-header">
        <NavLink to="/dashboard" className="brand">
          <BrandMark />
          <span>VinylDigger</span>
        </NavLink>
        <nav aria-label="Main" className="main-nav">
          <NavLink to="/dashboard">Dashboard</NavLink>
          <NavLink to="/searches">Searches</NavLink>
          <NavLink to="/settings">Settings</NavLink>
          {isAdmin && <NavLink to="/admin">Admin</NavLink>}
        </nav>
        <div className="user-menu">
          <NotificationBell />
          {user && (
            <span className="user-email" title={user.email}>
              {user.email}
            </span>
          )}
          <button
            type="button"
            className="btn btn-ghost btn-small"
            onClick={() => {
              logout();
              navigate('/login', { replace: true });
            }}
          >
            Log out
          </button>
        </div>
      </header>
      <main id="main" className="app-main" tabIndex={-1}>
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </main>
    </div>
  );
}

/** Frame of the public pages (login, register, OAuth callback). */
export function PublicLayout() {
  return (
    <div className="app app-public">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <SandboxBanner />
      <main id="main" className="public-main" tabIndex={-1}>
        <div className="public-brand">
          <BrandMark />
          <span>VinylDigger</span>
        </div>
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </main>
    </div>
  );
}
