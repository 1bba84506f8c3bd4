// A real OpenID provider (npm `oidc-provider`) on loopback for the served-mode e2e test. Never deployed.
//
//   node provider.mjs PORT REDIRECT_URI POST_LOGOUT_REDIRECT_URI CLIENT_SECRET
//
// Users (any password; the provider's own development login form):
//   inspector -> roles [hmskort-inspector]    admin -> roles [hmskort-admin]    nobody -> no role
// Prints "ready <issuer>" on stdout once it listens.
import Provider from 'oidc-provider';

const [port, redirectUri, postLogoutUri, clientSecret] = process.argv.slice(2);
if (!port || !redirectUri || !postLogoutUri || !clientSecret) {
  console.error('usage: node provider.mjs PORT REDIRECT_URI POST_LOGOUT_REDIRECT_URI CLIENT_SECRET');
  process.exit(2);
}
const issuer = `http://127.0.0.1:${port}`;

const USERS = {
  inspector: { name: 'Ina Inspektør', roles: ['hmskort-inspector'] },
  admin: { name: 'Ada Admin', roles: ['hmskort-admin'] },
  nobody: { name: 'Nils Nobody', roles: [] },
};

const provider = new Provider(issuer, {
  clients: [{
    client_id: 'hmskort',
    client_secret: clientSecret,
    redirect_uris: [redirectUri],
    post_logout_redirect_uris: [postLogoutUri],
    response_types: ['code'],
    grant_types: ['authorization_code'],
    token_endpoint_auth_method: 'client_secret_basic',
  }],
  // the app asks for `openid profile`; the roles come in the ID token (as Entra ID's app roles do)
  claims: { openid: ['sub'], profile: ['name', 'roles'] },
  scopes: ['openid', 'profile'],
  conformIdTokenClaims: false,
  pkce: { required: () => true },
  features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
  async findAccount(_ctx, id) {
    const user = USERS[id];
    if (!user) return undefined;
    return {
      accountId: id,
      async claims() { return { sub: id, name: user.name, roles: user.roles }; },
    };
  },
  // a first-party app: no consent screen, the grant covers what it asked for
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope('openid profile');
    grant.addOIDCClaims(['sub', 'name', 'roles']);
    await grant.save();
    return grant;
  },
});
provider.on('server_error', (_ctx, err) => console.error('server_error', err));

provider.listen(Number(port), '127.0.0.1', () => {
  console.log(`ready ${issuer}`);
});
