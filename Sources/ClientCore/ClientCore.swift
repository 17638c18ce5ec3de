// ClientCore module.
