import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { appContext } from "../app-context";
import { CatalogError } from "../catalog/errors";
import { signIn } from "../catalog/sign-in";
import { clientAddressFrom } from "../client-address-header";
import { getServerSecrets } from "../server-secrets";

/** Console sessions: email + password, JWT session cookie, 12 hours. */
export function authOptions(): NextAuthOptions {
  return {
    secret: getServerSecrets().sessionSecret,
    session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
    pages: { signIn: "/login", error: "/login" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials, request) {
          try {
            const actor = await signIn(
              appContext(),
              credentials?.email ?? "",
              credentials?.password ?? "",
              clientAddressFrom(request?.headers ?? {}),
            );
            return { id: actor.userId, email: actor.email };
          } catch (error) {
            // next-auth passes the message to the sign-in form as `error`.
            if (error instanceof CatalogError) throw new Error(error.message);
            throw error;
          }
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) token.sub = user.id;
        return token;
      },
      // Only the user id travels in the session; role and email are read fresh (current-actor.ts).
      session({ session, token }) {
        return { ...session, userId: token.sub };
      },
    },
  };
}
