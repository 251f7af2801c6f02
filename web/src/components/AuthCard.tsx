import type { ReactNode } from 'react';
import { PageHeader } from './PageHeader';

/** The card of the signed-out pages (sign in, register, account connection), with a way on below. */
export function AuthCard({ title, children, footer }: { title: string; children: ReactNode; footer: ReactNode }) {
  return (
    <section className="card auth-card">
      <PageHeader title={title} />
      {children}
      <p className="auth-switch">{footer}</p>
    </section>
  );
}
