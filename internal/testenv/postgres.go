package testenv

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/streamgate/streamgate/db"
)

// DatabaseURL is the server the tests use; its role must be able to
// create databases.
func DatabaseURL() string {
	return env("TEST_DATABASE_URL", "postgres://streamgate:streamgate@127.0.0.1:5432/streamgate?sslmode=disable")
}

// Pool is a test's database handle, for the raw SQL a test uses to set
// up or inspect rows; server code reaches the database only through
// db.Store.
type Pool = pgxpool.Pool

// DB returns a pool on a new database holding the current schema, dropped
// when the test ends. Cloning a template makes this about as cheap as a
// schema, while letting the test commit, LISTEN and run workers freely.
func DB(t testing.TB) *Pool {
	t.Helper()
	ctx := context.Background()
	admin, err := pgx.Connect(ctx, DatabaseURL())
	if err != nil {
		t.Fatalf("testenv: postgres at %s: %v (run make test, or scripts/stack.sh up)", DatabaseURL(), err)
	}
	defer admin.Close(ctx)
	tmpl := ensureTemplate(t, admin)
	name := "sgt_" + sanitize(t.Name()) + "_" + ID()
	if _, err := admin.Exec(ctx, fmt.Sprintf("CREATE DATABASE %s TEMPLATE %s", name, tmpl)); err != nil {
		t.Fatalf("testenv: create database: %v", err)
	}
	cfg, err := pgxpool.ParseConfig(DatabaseURL())
	if err != nil {
		t.Fatal(err)
	}
	cfg.ConnConfig.Database = name
	cfg.MaxConns = 10
	db.ConfigurePool(cfg)
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		pool.Close()
		c, err := pgx.Connect(context.Background(), DatabaseURL())
		if err != nil {
			return
		}
		defer c.Close(context.Background())
		_, _ = c.Exec(context.Background(), fmt.Sprintf("DROP DATABASE IF EXISTS %s WITH (FORCE)", name))
	})
	return pool
}

// ensureTemplate builds, once per schema version and across test
// processes, a database with every migration applied.
func ensureTemplate(t testing.TB, admin *pgx.Conn) string {
	t.Helper()
	ctx := context.Background()
	sum := schemaHash(t)
	name := "sgt_tmpl_" + sum
	if _, err := admin.Exec(ctx, "SELECT pg_advisory_lock(727274)"); err != nil {
		t.Fatal(err)
	}
	defer func() { _, _ = admin.Exec(ctx, "SELECT pg_advisory_unlock(727274)") }()
	var exists bool
	if err := admin.QueryRow(ctx, "SELECT EXISTS (SELECT FROM pg_database WHERE datname = $1)", name).Scan(&exists); err != nil {
		t.Fatal(err)
	}
	if exists {
		return name
	}
	building := name + "_b"
	_, _ = admin.Exec(ctx, fmt.Sprintf("DROP DATABASE IF EXISTS %s WITH (FORCE)", building))
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+building); err != nil {
		t.Fatal(err)
	}
	cfg, err := pgxpool.ParseConfig(DatabaseURL())
	if err != nil {
		t.Fatal(err)
	}
	cfg.ConnConfig.Database = building
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	mctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	err = db.Migrate(mctx, pool, slog.New(slog.DiscardHandler))
	pool.Close()
	if err != nil {
		t.Fatalf("testenv: migrate template: %v", err)
	}
	if _, err := admin.Exec(ctx, fmt.Sprintf("ALTER DATABASE %s RENAME TO %s", building, name)); err != nil {
		t.Fatal(err)
	}
	return name
}

func schemaHash(t testing.TB) string {
	h := sha256.New()
	err := fs.WalkDir(db.Migrations(), ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		f, err := db.Migrations().Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		_, _ = io.WriteString(h, path)
		_, err = io.Copy(h, f)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}
