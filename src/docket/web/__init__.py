"""The team web application and the public read-only site: `create_app(settings, options)`."""
