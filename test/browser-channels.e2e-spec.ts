import type { Browser } from 'playwright-core';
import { TestApp } from './support/app';
import { browserAvailable, launch, newContext, screenshot, signIn } from './support/browser';

const run = browserAvailable() ? describe : describe.skip;

/**
 * Running a channel in the web app, in Azerbaijani: a topic channel's owner adds two colleagues from the
 * directory, makes one moderator, and the moderator — whose open page learns of the new role live — removes a
 * spam message.
 */
run('channels in a browser', () => {
  let t: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    t = await TestApp.start();
    browser = await launch();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function api(token: string, method: 'get' | 'post', path: string, body?: object) {
    const req = t.http()[method](`/api/v1${path}`).auth(token, { type: 'bearer' });
    const res = await (body ? req.send(body) : req);
    if (res.status >= 400) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  it("an owner adds two colleagues, makes one moderator, and the moderator removes a spam message (Azerbaijani)", async () => {
    const member = await t.createMember({ countryCode: 'AZ' });
    const owner = await t.user({ countryCode: 'AZ', memberId: member.id, displayName: 'Rəşad Hüseynov', locale: 'az' });
    const leyla = await t.user({ countryCode: 'AZ', memberId: member.id, displayName: 'Leyla Quliyeva', locale: 'az' });
    const tural = await t.user({ countryCode: 'AZ', memberId: member.id, displayName: 'Tural Əsədov', locale: 'az' });
    const channel = await api(owner.accessToken, 'post', '/channels', { kind: 'topic', name: 'Su təchizatı', visibility: 'private' });

    const co = await newContext(browser);
    const cl = await newContext(browser);
    const po = await signIn(co, t, owner);
    const pl = await signIn(cl, t, leyla);

    // The owner opens the channel and its members and settings panel.
    await po.getByRole('navigation').getByRole('link', { name: /Su təchizatı/ }).click();
    await po.getByRole('heading', { level: 1, name: /Su təchizatı/ }).waitFor();
    await po.getByTestId('member-count').filter({ hasText: '1 üzv' }).waitFor();
    await po.getByRole('button', { name: 'Üzvlər və parametrlər' }).click();
    const panel = po.getByRole('complementary', { name: 'Kanal parametrləri' });
    await panel.getByTestId('channel-member').filter({ hasText: 'Rəşad Hüseynov' }).getByText('Sahib', { exact: true }).waitFor();

    // Two colleagues from the directory.
    for (const [query, name] of [
      ['Leyla', 'Leyla Quliyeva'],
      ['Tural', 'Tural Əsədov'],
    ]) {
      await panel.getByLabel('Kataloqda axtar').fill(query);
      await panel.getByRole('button', { name: `${name}: əlavə et` }).click();
      await panel.getByText(`${name} əlavə edildi.`).waitFor();
      await panel.getByTestId('channel-member').filter({ hasText: name }).getByText('Üzv', { exact: true }).waitFor();
    }
    // The member count in the header follows live.
    await po.getByTestId('member-count').filter({ hasText: '3 üzv' }).waitFor();

    // Leyla's sidebar got the private channel live; she opens it.
    await pl.getByRole('navigation').getByRole('link', { name: /Su təchizatı/ }).click();
    await pl.getByRole('heading', { level: 1, name: /Su təchizatı/ }).waitFor();
    await pl.getByTestId('member-count').filter({ hasText: '3 üzv' }).waitFor();

    // Tural posts spam. Leyla, a plain member, cannot delete it.
    await api(tural.accessToken, 'post', `/channels/${channel.id}/messages`, { clientId: 'spam-1', body: 'Ucuz kredit!!! Yazın: http://spam.example' });
    const spam = pl.getByTestId('message').filter({ hasText: 'Ucuz kredit' });
    await spam.waitFor();
    await spam.hover();
    await spam.getByRole('toolbar').waitFor();
    expect(await spam.getByRole('button', { name: 'Sil' }).count()).toBe(0);

    // The owner makes Leyla moderator.
    const row = panel.getByTestId('channel-member').filter({ hasText: 'Leyla Quliyeva' });
    await row.getByRole('button', { name: 'Moderator et' }).click();
    await row.getByText('Moderator', { exact: true }).waitFor();
    await screenshot(po, 'channel-settings-az');

    // Leyla's page, open since before, learns her new role live: "Sil" appears on Tural's message.
    await spam.hover();
    pl.once('dialog', (d) => void d.accept());
    await spam.getByRole('button', { name: 'Sil' }).click();
    await pl.getByText('Bu mesaj silindi.').waitFor();
    await po.getByText('Bu mesaj silindi.').waitFor();
    await screenshot(pl, 'channel-moderated-az');

    // A spam message deleted while still unread leaves the owner's unread badge at once.
    await po.locator('nav a[href="/notifications"]').first().click();
    const link = po.getByRole('navigation').getByRole('link', { name: /Su təchizatı/ });
    await api(tural.accessToken, 'post', `/channels/${channel.id}/messages`, { clientId: 'spam-2', body: 'Yenə ucuz kredit!!!' });
    await link.locator('.badge').filter({ hasText: '1' }).waitFor();
    const spam2 = pl.getByTestId('message').filter({ hasText: 'Yenə ucuz kredit' });
    await spam2.hover();
    pl.once('dialog', (d) => void d.accept());
    await spam2.getByRole('button', { name: 'Sil' }).click();
    await link.locator('.badge').waitFor({ state: 'detached' });
    await po.reload();
    await link.waitFor();
    expect(await link.locator('.badge').count()).toBe(0);
    await link.click();
    await po.getByRole('heading', { level: 1, name: /Su təchizatı/ }).waitFor();

    // The server agrees, and the deletion is an audit event.
    const history = await api(owner.accessToken, 'get', `/channels/${channel.id}/messages`);
    const tombstone = expect.objectContaining({ body: null, deletedAt: expect.any(String), author: expect.objectContaining({ id: tural.user.id }) });
    expect(history).toEqual([tombstone, tombstone]);
    const admin = await t.admin();
    const audit = await api(admin.accessToken, 'get', '/audit?action=message_deleted_by_moderator');
    expect(audit).toHaveLength(2);
    expect(audit).toContainEqual(expect.objectContaining({ actorId: leyla.user.id, targetId: history[0].id, details: expect.objectContaining({ by: 'moderator', channelId: channel.id }) }));
    const roles = await api(owner.accessToken, 'get', `/channels/${channel.id}/members`);
    expect(Object.fromEntries(roles.map((m: { user: { displayName: string }; role: string }) => [m.user.displayName, m.role]))).toEqual({
      'Rəşad Hüseynov': 'owner',
      'Leyla Quliyeva': 'moderator',
      'Tural Əsədov': 'member',
    });
    await co.close();
    await cl.close();
  });
});
