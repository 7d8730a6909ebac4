#!/usr/bin/env python3
"""Writes an OCI image layout holding one image of random gzip layers (real gzip, so docker-archive
destinations can decompress them), for the copy benchmark. Usage: make-layout.py DIR LAYERS LAYER_MIB"""
import gzip, hashlib, json, os, sys

directory, layers, layer_mib = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
blobs = os.path.join(directory, "blobs", "sha256")
os.makedirs(blobs, exist_ok=True)


def put(data: bytes) -> dict:
    digest = hashlib.sha256(data).hexdigest()
    with open(os.path.join(blobs, digest), "wb") as f:
        f.write(data)
    return {"digest": "sha256:" + digest, "size": len(data)}


layer_descriptors, diff_ids = [], []
for i in range(layers):
    # A tar of one file of random bytes: random data does not compress, like most real layer content.
    payload = os.urandom(layer_mib * 1024 * 1024)
    header = bytearray(512)
    name = f"file{i}".encode()
    header[0:len(name)] = name
    header[100:108] = b"0000644\0"
    header[108:116] = header[116:124] = b"0000000\0"
    header[124:136] = f"{len(payload):011o}\0".encode()
    header[136:148] = b"00000000000\0"
    header[156:157] = b"0"
    header[257:263] = b"ustar\0"
    header[263:265] = b"00"
    header[148:156] = b" " * 8
    header[148:156] = f"{sum(header):06o}\0 ".encode()
    tar = bytes(header) + payload + bytes(-len(payload) % 512) + bytes(1024)
    diff_ids.append("sha256:" + hashlib.sha256(tar).hexdigest())
    layer_descriptors.append({"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", **put(gzip.compress(tar, compresslevel=1))})

config = put(json.dumps({"architecture": "amd64", "os": "linux", "rootfs": {"type": "layers", "diff_ids": diff_ids},
                         "config": {"Cmd": ["/bin/true"]}}).encode())
manifest = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                       "config": {"mediaType": "application/vnd.oci.image.config.v1+json", **config},
                       "layers": layer_descriptors}).encode()
root = put(manifest)
with open(os.path.join(directory, "oci-layout"), "w") as f:
    json.dump({"imageLayoutVersion": "1.0.0"}, f)
with open(os.path.join(directory, "index.json"), "w") as f:
    json.dump({"schemaVersion": 2, "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", **root,
                                                  "annotations": {"org.opencontainers.image.ref.name": "1"}}]}, f)
