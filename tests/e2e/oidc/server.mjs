// A real OpenID provider (oidc-provider) on loopback for the workbench's end-to-end tests.
//
// Usage: node server.mjs [port]      (port 0 or none: the system picks a free one)
// Environment:
//   OIDC_PRIVATE_KEY_JWT_JWKS  JSON {"keys": [...]}: public keys of the private_key_jwt client
//                              (the Python test generates the key pair and passes the public half)
// Prints one line "READY <issuer>" on stdout once it accepts connections; everything else it
// prints is diagnostics. All secrets are obviously fake demo values.

import { generateKeyPairSync } from "node:crypto";
import http from "node:http";
import process from "node:process";

import Provider from "oidc-provider";

const HOST = "127.0.0.1";
const requestedPort = Number.parseInt(process.argv[2] ?? process.env.OIDC_PORT ?? "0", 10);

// Awkward characters on purpose: RFC 6749 §2.3.1 Basic must urlencode them before base64.
// (oidc-provider accepts only printable ASCII in secrets, so no non-ASCII here.)
const TRICKY_SECRET = "demo secret:%+&=#~*";
const JWT_SECRET = "demo-secret-for-client-secret-jwt-0123456789abcdef";

function clientsFor(privateKeyJwks) {
  const common = {
    grant_types: ["client_credentials"],
    response_types: [],
    redirect_uris: [],
    scope: "api:read api:write",
  };
  const clients = [
    {
      ...common,
      client_id: "demo-basic",
      client_secret: "demo-secret",
      token_endpoint_auth_method: "client_secret_basic",
    },
    {
      ...common,
      client_id: "demo-basic-tricky",
      client_secret: TRICKY_SECRET,
      token_endpoint_auth_method: "client_secret_basic",
    },
    {
      ...common,
      client_id: "demo-post",
      client_secret: "demo-secret",
      token_endpoint_auth_method: "client_secret_post",
    },
    {
      ...common,
      client_id: "demo-secret-jwt",
      client_secret: JWT_SECRET,
      token_endpoint_auth_method: "client_secret_jwt",
    },
  ];
  if (privateKeyJwks) {
    clients.push({
      ...common,
      client_id: "demo-private-key-jwt",
      token_endpoint_auth_method: "private_key_jwt",
      jwks: privateKeyJwks,
    });
  }
  return clients;
}

function signingKeys() {
  // A fresh key per run, so the provider never falls back to its built-in development keys.
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return { keys: [{ ...privateKey.export({ format: "jwk" }), alg: "RS256", use: "sig", kid: "e2e" }] };
}

function main() {
  const jwksText = process.env.OIDC_PRIVATE_KEY_JWT_JWKS;
  const privateKeyJwks = jwksText ? JSON.parse(jwksText) : null;

  let handler = (_request, response) => {
    response.statusCode = 503;
    response.end();
  };
  const server = http.createServer((request, response) => handler(request, response));
  server.listen(Number.isNaN(requestedPort) ? 0 : requestedPort, HOST, () => {
    const { port } = server.address();
    const issuer = `http://${HOST}:${port}`;
    const provider = new Provider(issuer, {
      clients: clientsFor(privateKeyJwks),
      jwks: signingKeys(),
      cookies: { keys: ["demo-cookie-key-for-e2e-tests"] },
      features: {
        clientCredentials: { enabled: true },
        devInteractions: { enabled: false },
        introspection: { enabled: true },
      },
      scopes: ["api:read", "api:write"],
      ttl: { ClientCredentials: 300 },
      clientBasedCORS: () => false,
    });
    provider.on("server_error", (_ctx, error) => console.error("server_error", error));
    handler = provider.callback();
    console.log(`READY ${issuer}`);
  });

  const stop = () => server.close(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main();
