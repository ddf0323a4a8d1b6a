// A real OpenID provider for the tests of the city login (tests/it/oidc.rs): panva's
// oidc-provider (OpenID certified), with its development login pages, on 127.0.0.1.
//
//   node oidc-provider.mjs PORT REDIRECT_URI
//
// One client, `goda-exempel` (secret `hemlig-nyckel`, authorization code with PKCE), and two
// people: `anna`, in the group `goda-exempel-redaktion`, and `olle`, in the group `larare` only.
// The development login takes any password. Groups and names are in the ID token. Prints
// "ready" when it listens.

import Provider from "oidc-provider";

const [port, redirectUri] = process.argv.slice(2);
if (!port || !redirectUri) {
  console.error("usage: node oidc-provider.mjs PORT REDIRECT_URI");
  process.exit(2);
}

const people = {
  anna: { groups: ["goda-exempel-redaktion", "personal"], name: "Anna Redaktör" },
  olle: { groups: ["larare"], name: "Olle Lärare" },
};

const provider = new Provider(`http://127.0.0.1:${port}`, {
  clients: [
    {
      client_id: "goda-exempel",
      client_secret: "hemlig-nyckel",
      redirect_uris: [redirectUri],
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_basic",
    },
  ],
  pkce: { required: () => true },
  claims: {
    openid: ["sub"],
    profile: ["name", "preferred_username"],
    email: ["email"],
    groups: ["groups"],
  },
  // The claims of the scopes asked for go into the ID token itself.
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: true } },
  async findAccount(_ctx, sub) {
    const person = people[sub] ?? { groups: [], name: sub };
    return {
      accountId: sub,
      async claims() {
        return {
          sub,
          preferred_username: sub,
          name: person.name,
          email: `${sub}@stockholm.example`,
          groups: person.groups,
        };
      },
    };
  },
});

// The development pages warn on every start; the tests read stdout for "ready" only.
provider.listen(Number(port), "127.0.0.1", () => console.log("ready"));
