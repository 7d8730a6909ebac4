chmod 755 script.sh
chmod 600 two.txt
