"""Saved requests: collections of named requests, variables, environments and their formats.

Entry points: ``store.CollectionStore`` (a profile's folder of request files: load, then add,
update, rename, duplicate, delete, move, reorder) with ``store.profile_collection_folder``;
``environments.EnvironmentStore`` and the keychain helpers beside it; ``secret_scan`` (find
credentials, move them into secret variables); ``variables.resolve_request`` and, for a
profile's send, ``sending``; ``postman``, ``postman_export`` and ``http_file`` for the formats;
``starter`` for the GetResponse presets' collection. Everything here is Qt-free and sends
nothing.
"""
