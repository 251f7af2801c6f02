import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { register } from '../api/endpoints';
import { PageHeader } from '../components/PageHeader';
import { Field } from '../components/form/Field';
import { FormError } from '../components/form/FormError';
import { looksLikeEmail } from '../lib/validation';

export const MIN_PASSWORD = 8;

export default function RegisterPage() {
  const navigate = useNavigate();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [invalid, setInvalid] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: (account: { email: string; password: string }) => register(account.email, account.password),
    onSuccess: (user) =>
      navigate('/login', {
        replace: true,
        state: { notice: 'Your account is ready. Sign in to start digging.', email: user.email },
      }),
  });
  // Still busy after success: the page is on its way out.
  const busy = create.isPending || create.isSuccess;

  function problem(): string | null {
    if (!looksLikeEmail(email)) return 'Enter a valid e-mail address.';
    if (password.length < MIN_PASSWORD) return `The password needs at least ${MIN_PASSWORD} characters.`;
    if (password !== confirm) return 'The two passwords do not match.';
    return null;
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    create.reset();
    const found = problem();
    setInvalid(found);
    if (!found) create.mutate({ email: email.trim(), password });
  }

  return (
    <section className="card auth-card">
      <PageHeader title="Create your account" />
      <form className="form" onSubmit={submit} noValidate aria-busy={busy}>
        <FormError message={invalid} error={create.error} />
        <Field id="reg-email" label="E-mail">
          {(control) => (
            <input {...control} type="email" autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} required />
          )}
        </Field>
        <Field id="reg-password" label="Password" hint={`At least ${MIN_PASSWORD} characters.`}>
          {(control) => (
            <input
              {...control}
              type="password"
              autoComplete="new-password"
              minLength={MIN_PASSWORD}
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              required
            />
          )}
        </Field>
        <Field id="reg-confirm" label="Repeat password">
          {(control) => (
            <input
              {...control}
              type="password"
              autoComplete="new-password"
              value={confirm}
              onChange={(e) => setConfirm(e.target.value)}
              required
            />
          )}
        </Field>
        <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
          {busy ? 'Creating account…' : 'Create account'}
        </button>
      </form>
      <p className="auth-switch">
        Already have an account? <Link to="/login">Sign in</Link>
      </p>
    </section>
  );
}
