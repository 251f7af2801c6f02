import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { useAuth } from '../auth/AuthContext';
import { returnPath } from '../auth/guards';
import { PageHeader } from '../components/PageHeader';
import { Field } from '../components/form/Field';
import { FormError } from '../components/form/FormError';

export default function LoginPage() {
  const { login } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const notice = (location.state as { notice?: string } | null)?.notice;
  const [email, setEmail] = useState((location.state as { email?: string } | null)?.email ?? '');
  const [password, setPassword] = useState('');
  const [invalid, setInvalid] = useState<string | null>(null);
  const signIn = useMutation({
    mutationFn: (credentials: { email: string; password: string }) => login(credentials.email, credentials.password),
    onSuccess: () => navigate(returnPath(location.state), { replace: true }),
  });
  // Still busy after success: the page is on its way out.
  const busy = signIn.isPending || signIn.isSuccess;

  function submit(e: FormEvent) {
    e.preventDefault();
    signIn.reset();
    if (!email.trim() || !password) {
      setInvalid('Enter your e-mail address and password.');
      return;
    }
    setInvalid(null);
    signIn.mutate({ email: email.trim(), password });
  }

  return (
    <section className="card auth-card">
      <PageHeader title="Sign in" />
      {notice && (
        <p className="callout callout-success" role="status">
          {notice}
        </p>
      )}
      <form className="form" onSubmit={submit} noValidate aria-busy={busy}>
        <FormError message={invalid} error={signIn.error} />
        <Field id="login-email" label="E-mail">
          {(control) => (
            <input {...control} type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} required />
          )}
        </Field>
        <Field id="login-password" label="Password">
          {(control) => (
            <input
              {...control}
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              required
            />
          )}
        </Field>
        <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p className="auth-switch">
        New here? <Link to="/register">Create an account</Link>
      </p>
    </section>
  );
}
