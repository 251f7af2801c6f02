import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { markAllNotificationsRead, markNotificationRead } from '../api/endpoints';
import { queries } from '../api/queries';
import type { AlertKind, Notification } from '../api/types';
import { PageHeader } from '../components/PageHeader';
import { Badge, EmptyState, ErrorState, Loading } from '../components/Status';
import { formatDateTime, formatMoney, plural, timeAgo } from '../lib/format';

const KIND_LABEL: Record<AlertKind, string> = { wanted: 'Wanted record', price_drop: 'Price drop', bundle: 'Bundle' };
const KIND_TONE: Record<AlertKind, string> = { wanted: 'want', price_drop: 'ok', bundle: 'neutral' };

function Listing({ listing }: { listing: Notification['listings'][number] }) {
  const seller = listing.seller;
  const rating = seller?.feedback_percentage != null ? ` (${seller.feedback_percentage} % positive)` : '';
  return (
    <li className="alert-listing">
      {listing.url ? (
        <a href={listing.url} target="_blank" rel="noreferrer">
          {listing.title}
        </a>
      ) : (
        <span>{listing.title}</span>
      )}{' '}
      <strong>{formatMoney(listing.price.amount, listing.price.currency)}</strong>
      {listing.condition && <span className="muted"> · {listing.condition}</span>}
      {seller && (
        <span className="muted">
          {' '}
          · {seller.name}
          {rating}
        </span>
      )}
    </li>
  );
}

function NotificationItem({ note }: { note: Notification }) {
  const qc = useQueryClient();
  const read = useMutation({
    mutationFn: () => markNotificationRead(note.id),
    onSuccess: () => void qc.invalidateQueries({ queryKey: queries.notifications().queryKey }),
  });
  const unread = !note.read_at;
  return (
    <li className={`card notification${unread ? ' notification-unread' : ''}`} aria-label={note.headline}>
      <div className="notification-head">
        <Badge tone={KIND_TONE[note.kind]}>{KIND_LABEL[note.kind]}</Badge>
        {unread && <Badge tone="muted">Unread</Badge>}
        <time dateTime={note.created_at} title={formatDateTime(note.created_at)} className="muted">
          {timeAgo(note.created_at)}
        </time>
      </div>
      <h2 className="notification-title">{note.headline}</h2>
      <ul className="alert-listings">
        {note.listings.map((l) => (
          <Listing key={`${l.platform}-${l.listing_id}`} listing={l} />
        ))}
      </ul>
      {note.bundle && (
        <p>
          Together {formatMoney(note.bundle.items_total.amount, note.bundle.items_total.currency)} plus{' '}
          {formatMoney(note.bundle.shipping.amount, note.bundle.shipping.currency)} shipping: saves{' '}
          {formatMoney(note.bundle.shipping_saved.amount, note.bundle.shipping_saved.currency)} on shipping.
        </p>
      )}
      <div className="notification-actions">
        <Link to={`/searches/${note.search_id}`}>Open “{note.search_name}”</Link>
        {unread && (
          <button type="button" className="btn btn-small" onClick={() => read.mutate()} disabled={read.isPending}>
            Mark read
          </button>
        )}
      </div>
    </li>
  );
}

/** The notification centre: the newest alerts, unread first marked, each or all to mark read. */
export default function NotificationsPage() {
  const qc = useQueryClient();
  const notes = useQuery(queries.notifications());
  const all = useMutation({
    mutationFn: markAllNotificationsRead,
    onSuccess: () => void qc.invalidateQueries({ queryKey: queries.notifications().queryKey }),
  });
  const unread = notes.data?.unread_count ?? 0;
  return (
    <div className="stack">
      <PageHeader
        title="Notifications"
        lead={notes.isSuccess ? (unread > 0 ? `${plural(unread, 'unread alert')}.` : 'All read.') : undefined}
      >
        {unread > 0 && (
          <button type="button" className="btn" onClick={() => all.mutate()} disabled={all.isPending}>
            Mark all read
          </button>
        )}
      </PageHeader>
      {notes.isPending ? (
        <Loading label="Loading notifications…" />
      ) : notes.isError ? (
        <ErrorState error={notes.error} onRetry={() => void notes.refetch()} />
      ) : notes.data.notifications.length === 0 ? (
        <EmptyState title="No alerts yet">
          <p>
            When a run finds a record on your want list, a price drop or a seller holding several of your wanted records,
            it shows here. Choose e-mail or a webhook in <Link to="/settings">Settings</Link>.
          </p>
        </EmptyState>
      ) : (
        <ul className="notification-list">
          {notes.data.notifications.map((n) => (
            <NotificationItem key={n.id} note={n} />
          ))}
        </ul>
      )}
    </div>
  );
}
