package server

import (
	"net/http"

	"github.com/streamgate/streamgate/gen/streamgate/auth/v1/authv1connect"
	"github.com/streamgate/streamgate/server/auth"
)

// wireVerifier sets the access-token verifier every service's interceptor
// uses, whether or not this process hosts the auth service.
func (m *mounter) wireVerifier() error {
	keys, err := m.keySet()
	if err != nil {
		return err
	}
	m.verifier = auth.NewVerifier(m.cfg.Svc.Auth, keys, m.deps.Store)
	return nil
}

func wireAuth(m *mounter) error {
	keys, err := m.keySet()
	if err != nil {
		return err
	}
	d := auth.Deps{Store: m.deps.Store, Redis: m.deps.Redis, Keys: keys, Log: m.deps.Log}
	if v, ok := m.verifier.(*auth.Verifier); ok {
		d.Verifier = v
	}
	if m.deps.Chains != nil {
		// Without chains, sign-in is for EOAs only: a typed nil would
		// make every refused signature look like a chain outage.
		d.Chains = m.deps.Chains
	}
	svc, err := auth.New(m.cfg.Svc.Auth, d)
	if err != nil {
		return err
	}
	m.life.Add("auth: session sweep", svc.Run)
	path, h := authv1connect.NewAuthServiceHandler(svc, m.opts...)
	m.handle(authv1connect.AuthServiceName, path, h)
	jwks, err := keys.JWKS()
	if err != nil {
		return err
	}
	m.mux.HandleFunc("GET /.well-known/jwks.json", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/jwk-set+json")
		w.Header().Set("Cache-Control", "public, max-age=300")
		_, _ = w.Write(jwks)
	})
	return nil
}
