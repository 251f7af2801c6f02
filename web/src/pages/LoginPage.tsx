import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { useAuth } from '../auth/AuthContext';
import { returnPath } from '../auth/guards';
import { AuthCard } from '../components/AuthCard';
import { FormError } from '../components/form/FormError';
import { SubmitButton } from '../components/form/SubmitButton';
import { TextField } from '../components/form/TextField';
import { useFormSubmit } from '../components/form/useFormSubmit';

export default function LoginPage() {
  const { login } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const notice = (location.state as { notice?: string } | null)?.notice;
  const [email, setEmail] = useState((location.state as { email?: string } | null)?.email ?? '');
  const [password, setPassword] = useState('');
  const signIn = useMutation({
    mutationFn: (credentials: { email: string; password: string }) => login(credentials.email, credentials.password),
    onSuccess: () => navigate(returnPath(location.state), { replace: true }),
  });
  const { invalid, submit } = useFormSubmit(
    signIn,
    () => (email.trim() && password ? null : 'Enter your e-mail address and password.'),
    () => ({ email: email.trim(), password }),
  );
  // Still busy after success: the page is on its way out.
  const busy = signIn.isPending || signIn.isSuccess;

  return (
    <AuthCard title="Sign in" footer={<>New here? <Link to="/register">Create an account</Link></>}>
      {notice && (
        <p className="callout callout-success" role="status">
          {notice}
        </p>
      )}
      <form className="form" onSubmit={submit} noValidate aria-busy={busy}>
        <FormError message={invalid} error={signIn.error} />
        <TextField id="login-email" label="E-mail" type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} required />
        <TextField
          id="login-password"
          label="Password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          required
        />
        <SubmitButton busy={busy} busyLabel="Signing in…" block>
          Sign in
        </SubmitButton>
        <p className="form-aside">
          <Link to="/forgot-password" state={{ email: email.trim() }}>
            Forgot your password?
          </Link>
        </p>
      </form>
    </AuthCard>
  );
}
