// A real OpenID provider (npm's oidc-provider, a certified implementation) for the
// city sign-in tests. Configured from the environment by tests/oidc/conftest.py:
//   PORT, CLIENT_ID, CLIENT_SECRET, REDIRECT_URI, POST_LOGOUT_URI, JWKS (private keys,
//   so a test can also sign tokens with the provider's own key), ID_TOKEN_TTL.
// Its built-in development login page accepts any login: the login is the e-mail
// address, and a login starting with "admin" is in the group "dk-admins".
import Provider from 'oidc-provider';

const env = process.env;
const port = Number(env.PORT);
const issuer = `http://127.0.0.1:${port}`;

const provider = new Provider(issuer, {
  clients: [{
    client_id: env.CLIENT_ID,
    client_secret: env.CLIENT_SECRET,
    redirect_uris: [env.REDIRECT_URI],
    post_logout_redirect_uris: [env.POST_LOGOUT_URI],
    grant_types: ['authorization_code'],
    response_types: ['code'],
  }],
  jwks: JSON.parse(env.JWKS),
  pkce: { required: () => true },
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'groups'] },
  conformIdTokenClaims: false,
  findAccount: (ctx, id) => ({
    accountId: id,
    claims: () => ({
      sub: id, email: id, email_verified: true, name: `Test ${id.split('@')[0]}`,
      groups: id.startsWith('admin') ? ['dk-admins'] : [],
    }),
  }),
  features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
  ttl: { IdToken: Number(env.ID_TOKEN_TTL || 3600) },
  cookies: { keys: ['only-for-tests'] },
});

// Errors go to the output the test shows when a flow fails.
provider.on('server_error', (ctx, error) => console.error('server_error', error));

provider.listen(port, '127.0.0.1', () => {
  console.log(`ready ${issuer}`);
});
