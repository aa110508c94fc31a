"""The response panel (``panel``) and what feeds it: loaders, the render job, JSON colours."""
