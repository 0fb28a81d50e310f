// Package deploy holds no code: its tests check the deployment artifacts
// beside it. They render the Helm chart (helm/streamgate) with helm
// template for every value set in helm/values and decode each object
// strictly into the Kubernetes API types, lint the Dockerfiles in docker/
// with BuildKit's own parser, and check that the Grafana dashboard in
// grafana/ asks only for metrics the server exports.
//
// It is its own module so that the root module, which SDK users import,
// does not carry k8s.io/api. Run it with `make deploy-check`.
package deploy
