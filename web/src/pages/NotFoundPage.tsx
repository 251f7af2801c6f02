import { Link } from 'react-router';
import { PageHeader } from '../components/PageHeader';

export default function NotFoundPage() {
  return (
    <section>
      <PageHeader title="Page not found" />
      <p>
        There is nothing at this address. <Link to="/dashboard">Back to the dashboard</Link>
      </p>
    </section>
  );
}
