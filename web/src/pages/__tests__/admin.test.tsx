import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { AppConfig } from '../../api/types';
import { installMockApi, json } from '../../test/fetchMock';
import { appConfigs } from '../../test/fixtures';
import { ADMIN, USER, findAlert, renderApp, signIn } from '../../test/render';

const SECRET = 'sUp3r-s3cr3t-consumer-secret';

describe('admin page', () => {
  it('shows configured providers with the masked key and never a secret', async () => {
    const api = installMockApi();
    signIn(api, ADMIN);
    // even if a buggy backend echoed the secret, the page must not render it
    api.get('/api/v1/admin/app-config', json([{ ...appConfigs[0], consumer_secret: SECRET }]));
    renderApp('/admin');
    const discogs = (await screen.findByRole('heading', { name: 'Discogs' })).closest('section')!;
    expect(within(discogs).getByText('Configured')).toBeInTheDocument();
    expect(within(discogs).getByText('AbCdEfGhIj...')).toBeInTheDocument();
    expect(within(discogs).getByText('stored, never shown')).toBeInTheDocument();
    expect(document.body.textContent).not.toContain(SECRET);
    expect(document.body.innerHTML).not.toContain(SECRET);
    const ebay = screen.getByRole('heading', { name: 'eBay' }).closest('section')!;
    expect(within(ebay).getByText('Not configured')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Admin' })).toBeInTheDocument();
  });

  it('saves eBay credentials with PUT; the secret field is masked, never prefilled, and cleared', async () => {
    const api = installMockApi();
    signIn(api, ADMIN);
    let stored: AppConfig[] = [...appConfigs];
    api.get('/api/v1/admin/app-config', () => json(stored));
    api.put('/api/v1/admin/app-config/ebay', (req) => {
      const b = req.body as Record<string, string>;
      const cfg: AppConfig = {
        provider: 'ebay',
        consumer_key: `${b.consumer_key!.slice(0, 10)}...`,
        callback_url: null,
        redirect_uri: b.redirect_uri!,
        scope: b.scope!,
        is_configured: true,
      };
      stored = [...stored, cfg];
      return json(cfg);
    });
    const { user } = renderApp('/admin');
    const ebay = (await screen.findByRole('heading', { name: 'eBay' })).closest('section')!;
    const secret = within(ebay).getByLabelText('Client secret (Cert ID)');
    expect(secret).toHaveAttribute('type', 'password');
    expect(secret).toHaveValue('');

    await user.click(within(ebay).getByRole('button', { name: 'Save credentials' }));
    expect(await findAlert('Fill in: Client ID (App ID), Client secret (Cert ID), Redirect URI (RuName).')).toBeInTheDocument();

    await user.type(within(ebay).getByLabelText('Client ID (App ID)'), 'MyApp-PRD-1234567890');
    await user.type(secret, SECRET);
    await user.type(within(ebay).getByLabelText('Redirect URI (RuName)'), 'My_App-MyApp-PRD-abcdef');
    await user.click(within(ebay).getByRole('button', { name: 'Save credentials' }));

    expect(await within(ebay).findByText('MyApp-PRD-...')).toBeInTheDocument();
    expect(api.requests('PUT', '/api/v1/admin/app-config/ebay')[0]!.body).toEqual({
      provider: 'ebay',
      consumer_key: 'MyApp-PRD-1234567890',
      consumer_secret: SECRET,
      redirect_uri: 'My_App-MyApp-PRD-abcdef',
      scope: '',
    });
    expect(document.body.innerHTML).not.toContain(SECRET);
    expect(screen.queryByDisplayValue(SECRET)).not.toBeInTheDocument();

    // replacing opens an empty secret field again
    await user.click(within(ebay).getByRole('button', { name: 'Replace credentials' }));
    expect(within(ebay).getByLabelText('Client secret (Cert ID)')).toHaveValue('');
    expect(within(ebay).getByLabelText('Redirect URI (RuName)')).toHaveValue('My_App-MyApp-PRD-abcdef');
  });

  it('removes credentials after confirmation', async () => {
    const api = installMockApi();
    signIn(api, ADMIN);
    api.get('/api/v1/admin/app-config', json(appConfigs));
    api.delete('/api/v1/admin/app-config/discogs', json({ message: 'Configuration for discogs deleted successfully.' }));
    const { user } = renderApp('/admin');
    const discogs = (await screen.findByRole('heading', { name: 'Discogs' })).closest('section')!;
    api.get('/api/v1/admin/app-config', json([]));
    await user.click(within(discogs).getByRole('button', { name: 'Remove' }));
    await user.click(within(discogs).getByRole('button', { name: 'Yes, remove' }));
    expect(await screen.findByText('Configuration for discogs deleted successfully.')).toBeInTheDocument();
    expect(await within(discogs).findByText('Not configured')).toBeInTheDocument();
  });

  it('shows the 403 detail to a non-admin', async () => {
    const api = installMockApi();
    signIn(api, USER);
    api.get('/api/v1/admin/app-config', json({ detail: "You don't have permission to access this resource." }, 403));
    renderApp('/admin');
    expect(await findAlert("You don't have permission to access this resource.")).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Admin' })).not.toBeInTheDocument();
  });
});
