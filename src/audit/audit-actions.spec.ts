import { AUDIT_ACTIONS } from '@lib/contract';
import { ENGLISH_KEYS } from '../../web/src/i18n';

describe('audit actions', () => {
  it('every action the server records has a name in the web app', () => {
    const missing = AUDIT_ACTIONS.filter((a) => !ENGLISH_KEYS.includes(`audit.action.${a}` as never));
    expect(missing).toEqual([]);
  });
});
