mkdir -p empty tree/inner/empty-inner tree/other
chmod 700 tree/other
echo f > tree/inner/file
mkdir -p payload/a/b/c && chmod 710 payload/a/b
tar --numeric-owner --owner=0 --group=0 -cf dirs.tar -C payload .
rm -r payload
