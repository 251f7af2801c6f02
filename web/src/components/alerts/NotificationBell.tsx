import { useQuery } from '@tanstack/react-query';
import { NavLink } from 'react-router';
import { queries } from '../../api/queries';
import { plural } from '../../lib/format';

/** The header's bell: a link to the notification centre with the unread count. */
export function NotificationBell() {
  const notes = useQuery(queries.notifications());
  const unread = notes.data?.unread_count ?? 0;
  const label = unread > 0 ? `Notifications, ${plural(unread, 'unread alert')}` : 'Notifications';
  return (
    <NavLink to="/notifications" className="bell" aria-label={label} title={label}>
      <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false" className="bell-icon">
        <path d="M12 3a6 6 0 0 0-6 6v3.6L4.3 15.5A1 1 0 0 0 5.2 17h13.6a1 1 0 0 0 .9-1.5L18 12.6V9a6 6 0 0 0-6-6Zm0 19a3 3 0 0 0 2.8-2H9.2A3 3 0 0 0 12 22Z" />
      </svg>
      {unread > 0 && (
        <span className="bell-count" aria-hidden="true">
          {unread > 99 ? '99+' : unread}
        </span>
      )}
    </NavLink>
  );
}
