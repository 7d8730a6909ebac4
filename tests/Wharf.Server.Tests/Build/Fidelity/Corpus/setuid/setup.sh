mkdir special
echo s > special/suid && chmod 4750 special/suid
echo g > special/sgid && chmod 2644 special/sgid
mkdir special/sticky && chmod 1777 special/sticky
