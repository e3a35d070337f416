"""The default role policies (TOML, one file per role). Data, not code: `gateway.authz.policy`
loads and validates them at start-up. A directory named by ZGW_GATEWAY_POLICIES_DIR overrides
them file by file."""
